using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Queries;

/// <summary>A stored permission as the admin shows it: "blog | post | Can change post", grouped by app and entity.</summary>
public sealed record PermissionChoice(int Id, string AppLabel, string Model, string ModelName, string Codename, string Name, bool IsStale)
{
    public string FullName => $"{AppLabel}.{Codename}";
    public string Group => $"{AppLabel} | {ModelName}";
    public string Label => $"{AppLabel} | {ModelName} | {Name}";
}

/// <summary>
/// Every stored permission with its content type, in one query (kept between requests, see
/// <see cref="AdminReferenceLists"/>), ordered by app, entity and codename.
/// </summary>
public sealed class PermissionChoices
{
    private readonly PermissionsDbContext db;
    private readonly PermissionCatalogue catalogue;
    private readonly AdminReferenceLists lists;

    internal PermissionChoices(PermissionsDbContext db, PermissionCatalogue catalogue, AdminReferenceLists lists)
    {
        this.db = db;
        this.catalogue = catalogue;
        this.lists = lists;
    }

    public Task<IReadOnlyList<PermissionChoice>> AllAsync() => lists.PermissionsAsync(ReadAsync);

    private async Task<IReadOnlyList<PermissionChoice>> ReadAsync()
    {
        var names = catalogue.ContentTypes.ToDictionary(c => (c.AppLabel, c.Model), c => c.DisplayName);
        var rows = await db.Permissions.AsNoTracking()
            .Select(p => new { p.Id, p.ContentType.AppLabel, p.ContentType.Model, p.Codename, p.Name })
            .ToListAsync();
        return rows
            .Select(p => new PermissionChoice(p.Id, p.AppLabel, p.Model, names.GetValueOrDefault((p.AppLabel, p.Model), p.Model),
                p.Codename, p.Name, catalogue.Find($"{p.AppLabel}.{p.Codename}") is not { } d || d.Model != p.Model))
            .OrderBy(p => p.AppLabel, StringComparer.Ordinal).ThenBy(p => p.Model, StringComparer.Ordinal)
            .ThenBy(p => p.Codename, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The permissions as chooser options, the given ones chosen.</summary>
    public async Task<IReadOnlyList<ChooserOption>> OptionsAsync(IEnumerable<int> chosen)
    {
        var selected = chosen.ToHashSet();
        return (await AllAsync())
            .Select(p => new ChooserOption(p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Label, p.Group,
                selected.Contains(p.Id), p.FullName))
            .ToList();
    }
}

/// <summary>One option of a two-pane chooser; <paramref name="Keywords"/> are matched by the filter box too.</summary>
public sealed record ChooserOption(string Value, string Text, string? Group, bool Selected, string? Keywords = null);
