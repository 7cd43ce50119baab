using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>The entities registered with the admin, resolved once against the model; found by URL or by type.</summary>
public sealed class AdminEntities
{
    private readonly Dictionary<Type, AdminEntity> _byType;

    internal AdminEntities(IOptions<EntityAdminOptions> options, IModel model, PermissionCatalogue catalogue)
    {
        All = options.Value.Registrations.Select(resolve => resolve(model, catalogue)).ToList();
        if (All.GroupBy(e => e.EntityType.ClrType).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"{twice.Key.Name} is registered with the admin twice.");
        }
        _byType = All.ToDictionary(e => e.EntityType.ClrType);
        foreach (var entity in All) entity.ResolveInlines(this);
        Permissions = All.SelectMany(e => e.Permissions).Distinct(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<AdminEntity> All { get; }

    /// <summary>Every permission the registered entities' pages ask about.</summary>
    public IReadOnlyList<string> Permissions { get; }

    public AdminEntity? Find(string app, string model) =>
        All.FirstOrDefault(e => string.Equals(e.AppLabel, app, StringComparison.Ordinal) && string.Equals(e.Model, model, StringComparison.Ordinal));

    public AdminEntity? Find(Type clrType) => _byType.GetValueOrDefault(clrType);

    /// <summary>
    /// The entities the user may list or add, in registration order: by model-level permissions, or by holding view or
    /// change on some object of an entity that <see cref="AdminEntity.UsesObjectPermissions"/> (one query each).
    /// </summary>
    public async Task<IReadOnlyList<AdminEntity>> VisibleToAsync(
        AdminRights rights, DbContext db, IObjectPermissionChecker objects, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var visible = new List<AdminEntity>();
        foreach (var entity in All)
        {
            if (rights.CanView(entity) || rights.CanAdd(entity) ||
                entity.UsesObjectPermissions && await entity.AnyGrantedAsync(db, objects, user, cancellationToken))
            {
                visible.Add(entity);
            }
        }
        return visible;
    }

    /// <summary>An object's name: its registration's display, or the fallback for any entity.</summary>
    public string NameOf(IEntityType type, object entity) => Find(type.ClrType)?.Display(entity) ?? EntityNames.Fallback(type, entity);
}
