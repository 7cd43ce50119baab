namespace PermissionsAdmin.Admin.Localization;

/// <summary>
/// The admin's one shared resource: <c>IStringLocalizer&lt;AdminStrings&gt;</c> looks its keys (the English text) up in
/// AdminStrings.{culture}.resx beside this class, and falls back to the key itself, so English needs no resource file.
/// </summary>
public sealed class AdminStrings;
