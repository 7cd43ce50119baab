using System.Collections.Frozen;

namespace PermissionsAdmin.Permissions;

/// <summary>A permission the application's model defines.</summary>
public sealed record PermissionDefinition(string AppLabel, string Model, string Codename, string Name)
{
    public string FullName => $"{AppLabel}.{Codename}";
}

/// <summary>An entity type that has a content type, with the permissions it defines.</summary>
public sealed record ContentTypeDefinition(
    string AppLabel, string Model, string DisplayName, Type ClrType, IReadOnlyList<PermissionDefinition> Permissions);

/// <summary>Every content type and permission the application's EF Core model defines; built once at startup.</summary>
public sealed class PermissionCatalogue
{
    private readonly FrozenDictionary<string, PermissionDefinition> _byName;
    private readonly FrozenDictionary<Type, ContentTypeDefinition> _byType;

    public PermissionCatalogue(IReadOnlyList<ContentTypeDefinition> contentTypes)
    {
        ContentTypes = contentTypes;
        _byName = contentTypes.SelectMany(c => c.Permissions).ToFrozenDictionary(p => p.FullName, StringComparer.Ordinal);
        _byType = contentTypes.ToFrozenDictionary(c => c.ClrType);
    }

    public IReadOnlyList<ContentTypeDefinition> ContentTypes { get; }

    public IEnumerable<PermissionDefinition> Permissions => ContentTypes.SelectMany(c => c.Permissions);

    public bool Contains(string permissionName) => _byName.ContainsKey(permissionName);

    public PermissionDefinition? Find(string permissionName) => _byName.GetValueOrDefault(permissionName);

    public ContentTypeDefinition? FindContentType(Type entityType) => _byType.GetValueOrDefault(entityType);
}
