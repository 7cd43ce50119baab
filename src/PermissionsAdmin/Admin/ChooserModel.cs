using PermissionsAdmin.Queries;

namespace PermissionsAdmin.Admin;

/// <summary>
/// A field picked with the two-pane chooser (Django's filter_horizontal). Without JavaScript it is a plain multi-select.
/// A locked chooser shows the choice and posts it back unchanged (hidden inputs), for what the editor may not change.
/// </summary>
internal sealed record ChooserModel(string Name, string Label, IReadOnlyList<ChooserOption> Options, bool Locked = false, string? Help = null)
{
    public string Id => "id_" + Name;
}
