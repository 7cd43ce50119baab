using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Permissions;

/// <summary>Turns <c>app.codename</c> strings into permission rows, refusing unknown or malformed names.</summary>
public sealed class PermissionResolver(PermissionsDbContext db)
{
    public async Task<Permission> ResolveAsync(string name, CancellationToken cancellationToken = default) =>
        (await ResolveAsync([name], cancellationToken))[0];

    /// <summary>The rows in the order of <paramref name="names"/>; throws on the first unknown name.</summary>
    public async Task<IReadOnlyList<Permission>> ResolveAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        var parsed = new List<PermissionName>();
        foreach (var name in names)
        {
            if (!PermissionName.TryParse(name, out var permission))
            {
                throw new AdministrationException(PermissionName.MalformedMessage(name));
            }
            parsed.Add(permission);
        }
        var codenames = parsed.Select(p => p.Codename).Distinct().ToList();
        var candidates = await db.Permissions.Include(p => p.ContentType)
            .Where(p => codenames.Contains(p.Codename)).ToListAsync(cancellationToken);
        return parsed.Select(name =>
            candidates.FirstOrDefault(p => p.Codename == name.Codename && p.ContentType.AppLabel == name.AppLabel)
            ?? throw new AdministrationException($"Unknown permission '{name}'.")).ToList();
    }
}
