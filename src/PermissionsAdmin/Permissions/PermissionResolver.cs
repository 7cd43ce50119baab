using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Permissions;

/// <summary>Turns <c>app.codename</c> strings into permission rows, refusing unknown or malformed names.</summary>
public sealed class PermissionResolver(PermissionsDbContext db)
{
    /// <summary>The row of one permission; a refusal names the input <c>permission</c>.</summary>
    public async Task<Permission> ResolveAsync(string name, CancellationToken cancellationToken = default) =>
        (await ResolveAsync([name], "permission", cancellationToken))[0];

    /// <summary>The rows in the order of <paramref name="names"/>; throws on the first unknown name, naming the input <c>permissions</c>.</summary>
    public Task<IReadOnlyList<Permission>> ResolveAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default) =>
        ResolveAsync(names, "permissions", cancellationToken);

    private async Task<IReadOnlyList<Permission>> ResolveAsync(IReadOnlyCollection<string> names, string field, CancellationToken cancellationToken)
    {
        var parsed = new List<PermissionName>();
        foreach (var name in names)
        {
            if (!PermissionName.TryParse(name, out var permission))
            {
                throw new AdministrationException(PermissionName.MalformedMessage(name), field);
            }
            parsed.Add(permission);
        }
        var codenames = parsed.Select(p => p.Codename).Distinct().ToList();
        var candidates = await db.Permissions.Include(p => p.ContentType)
            .Where(p => codenames.Contains(p.Codename)).ToListAsync(cancellationToken);
        return parsed.Select(name =>
            candidates.FirstOrDefault(p => p.Codename == name.Codename && p.ContentType.AppLabel == name.AppLabel)
            ?? throw new AdministrationException(Messages.Format("Unknown permission '{0}'.", name), field)).ToList();
    }

    /// <summary>The <c>app.codename</c> of each permission id; an id that does not exist is refused, naming the input <c>permissionIds</c>.</summary>
    public async Task<Dictionary<int, string>> NamesAsync(IEnumerable<int> ids)
    {
        var wanted = ids.Distinct().ToList();
        var names = await db.Permissions.Where(p => wanted.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.ContentType.AppLabel + "." + p.Codename })
            .ToDictionaryAsync(p => p.Id, p => p.Name);
        foreach (var id in wanted)
        {
            if (!names.ContainsKey(id)) throw new AdministrationException(Messages.Format("No permission with id {0}.", id), "permissionIds");
        }
        return names;
    }
}
