namespace PermissionsAdmin.Permissions;

/// <summary>An entity declares its permissions wrongly; startup stops with this message.</summary>
public sealed class PermissionDefinitionException(string message) : Exception(message);
