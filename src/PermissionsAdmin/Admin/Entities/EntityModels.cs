namespace PermissionsAdmin.Admin.Entities;

/// <summary>An app's page: its registered entities the user may see.</summary>
internal sealed record EntityAppPage(string AppLabel, IReadOnlyList<AdminEntity> Entities);

/// <summary>A row of the list: the object's id and name, and its columns' text.</summary>
internal sealed record EntityRow(int Id, string Name, IReadOnlyList<string> Cells);

/// <summary>A filter beside the list and its choices.</summary>
internal sealed record ListFilter(AdminField Field, IReadOnlyList<FilterChoice> Choices);

/// <summary>A page of the list: keyset pages carry the cursors of the rows either side (null at an end), numbered ones only whether another follows.</summary>
public sealed record EntityListResult(IReadOnlyList<object> Rows, bool HasNext, bool Keyset, string? Previous, string? Next);

internal sealed record EntityListPage(
    AdminEntity Entity, EntityListQuery Query, IReadOnlyList<EntityRow> Rows, EntityListResult Paging, IReadOnlyList<ListFilter> Filters);

/// <summary>
/// A field on the form as this user sees it: the value as the input holds it (blank for a secret), the text shown
/// when read-only, whether the object holds a value, and for a choice (enum, small foreign key table) its choices; a
/// foreign key to a large table is typed as its id, with <see cref="ChoicesUrl"/> suggesting objects as one types.
/// </summary>
internal sealed record EntityFormField(
    AdminField Field, string Input, string Value, string Shown, bool ReadOnly, IReadOnlyList<FilterChoice>? Choices, string? ChoicesUrl, bool Stored);

internal sealed record EntityFormSection(string? Title, IReadOnlyList<EntityFormField> Fields);

/// <summary>A concurrency token's input: the value the object was read with, sent back with the form.</summary>
internal sealed record TokenInput(string Name, string Value);

/// <summary>A child on its parent's page: an existing one (with its id, name and tokens) or a blank one to add.</summary>
internal sealed record InlineRow(
    string Prefix, int? Id, string? Name, IReadOnlyList<EntityFormField> Fields, IReadOnlyList<TokenInput> Tokens, bool CanDelete, bool Deleting);

internal sealed record InlineSection(AdminInline Inline, IReadOnlyList<InlineRow> Rows);

/// <summary>The add, change or view page of an object. <see cref="Id"/> is null when adding.</summary>
internal sealed record EntityFormPage(
    AdminEntity Entity, int? Id, string? Name, IReadOnlyList<EntityFormSection> Sections, IReadOnlyList<TokenInput> Tokens,
    IReadOnlyList<InlineSection> Inlines, bool CanSave, bool CanDelete, string? ObjectPermissionsUrl)
{
    /// <summary>Whether the form uploads a file (multipart).</summary>
    public bool HasUpload => Sections.SelectMany(s => s.Fields).Concat(Inlines.SelectMany(i => i.Rows).SelectMany(r => r.Fields))
        .Any(f => f is { ReadOnly: false, Field.Kind: FieldKind.File });
}

/// <summary>The delete confirmation of one object (<see cref="Ids"/> of one) or of the list's selection.</summary>
internal sealed record EntityDeletePage(AdminEntity Entity, IReadOnlyList<int> Ids, string? Name, DeletionPlan Plan);
