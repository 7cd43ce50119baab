using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Permissions;

/// <summary>
/// Walks an EF Core model and derives the permission catalogue (Django's <c>create_permissions</c>).
/// Rules (see docs/architecture.md): every entity type gets add/change/delete/view_&lt;lower-cased type name&gt;
/// unless trimmed; the Identity user and role become <c>auth.user</c> and <c>auth.group</c>; keyless, owned and
/// shared-type entities, Identity's claim/login/token/user-role entities, personal access tokens, data protection
/// keys, and join entities (a key of two or more properties that are all foreign keys) get no content type.
/// </summary>
public static partial class CatalogueBuilder
{
    public const string AuthApp = AuthPermissions.App;
    private static readonly string[] DefaultActions = ["add", "change", "delete", "view"];

    public static PermissionCatalogue Build(IModel model)
    {
        var contentTypes = new List<ContentTypeDefinition>();
        var seen = new Dictionary<(string, string), Type>();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (!HasContentType(entity)) continue;
            var definition = Describe(entity.ClrType);
            if (seen.TryGetValue((definition.AppLabel, definition.Model), out var other))
            {
                throw new PermissionDefinitionException(
                    $"Entities '{other.FullName}' and '{entity.ClrType.FullName}' both map to content type " +
                    $"'{definition.AppLabel}.{definition.Model}'; give one of them another [PermissionApp].");
            }
            seen.Add((definition.AppLabel, definition.Model), entity.ClrType);
            contentTypes.Add(definition);
        }
        return new PermissionCatalogue(contentTypes);
    }

    private static bool HasContentType(IEntityType entity)
    {
        if (entity.IsOwned() || entity.HasSharedClrType || entity.FindPrimaryKey() is not { } key) return false;
        // Personal access tokens are credentials like Identity's tokens: their owner manages them, nobody is granted
        // them; the data protection key ring is the site's own machinery.
        if (IsIdentityAuxiliary(entity.ClrType) || entity.ClrType == typeof(PersonalAccessToken) || entity.ClrType == typeof(DataProtectionKey)) return false;
        var isJoin = key.Properties.Count > 1 && key.Properties.All(p => p.IsForeignKey());
        return !isJoin;
    }

    private static bool IsIdentityAuxiliary(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (!t.IsGenericType) continue;
            var generic = t.GetGenericTypeDefinition();
            if (generic == typeof(IdentityUserClaim<>) || generic == typeof(IdentityRoleClaim<>) ||
                generic == typeof(IdentityUserLogin<>) || generic == typeof(IdentityUserToken<>) ||
                generic == typeof(IdentityUserRole<>) || generic == typeof(IdentityUserPasskey<>))
            {
                return true;
            }
        }
        return false;
    }

    internal static ContentTypeDefinition Describe(Type type)
    {
        var (appLabel, model, displayName) = Identify(type);
        var defaults = type.GetCustomAttribute<DefaultPermissionsAttribute>()?.Permissions ?? DefaultPermissions.All;
        var permissions = new List<PermissionDefinition>();
        for (var i = 0; i < DefaultActions.Length; i++)
        {
            if (!defaults.HasFlag((DefaultPermissions)(1 << i))) continue;
            var action = DefaultActions[i];
            permissions.Add(new PermissionDefinition(appLabel, model, $"{action}_{model}", $"Can {action} {displayName}"));
        }
        var defaultCodenames = DefaultActions.Select(a => $"{a}_{model}").ToHashSet();
        foreach (var extra in type.GetCustomAttributes<ExtraPermissionAttribute>())
        {
            if (defaultCodenames.Contains(extra.Codename))
            {
                throw Error(type, $"custom permission '{extra.Codename}' clashes with a default permission.");
            }
            if (permissions.Any(p => p.Codename == extra.Codename))
            {
                throw Error(type, $"permission codename '{extra.Codename}' is declared more than once.");
            }
            permissions.Add(new PermissionDefinition(appLabel, model, extra.Codename, extra.Name));
        }
        Validate(type, permissions);
        return new ContentTypeDefinition(appLabel, model, displayName, type, permissions);
    }

    internal static void Validate(Type type, IEnumerable<PermissionDefinition> permissions)
    {
        foreach (var permission in permissions)
        {
            if (!CodenamePattern().IsMatch(permission.Codename))
            {
                throw Error(type, $"codename '{permission.Codename}' may hold only lower-case letters, digits and '_'.");
            }
            if (permission.Codename.Length > Permission.MaxCodenameLength)
            {
                throw Error(type, $"codename '{permission.Codename}' is longer than {Permission.MaxCodenameLength} characters.");
            }
            if (permission.Name.Length > Permission.MaxNameLength || permission.Name.Length == 0)
            {
                throw Error(type, $"permission name '{permission.Name}' must have 1 to {Permission.MaxNameLength} characters.");
            }
        }
    }

    private static (string AppLabel, string Model, string DisplayName) Identify(Type type)
    {
        if (typeof(PermissionsUser).IsAssignableFrom(type)) return (AuthApp, "user", "user");
        if (typeof(PermissionsGroup).IsAssignableFrom(type)) return (AuthApp, "group", "group");
        var appLabel = type.GetCustomAttribute<PermissionAppAttribute>()?.AppLabel
            ?? type.Namespace?.Split('.')[^1].ToLowerInvariant()
            ?? throw Error(type, "has no namespace; give it a [PermissionApp].");
        if (!AppLabelPattern().IsMatch(appLabel))
        {
            throw Error(type, $"app label '{appLabel}' may hold only lower-case letters, digits and '_'.");
        }
        var displayName = type.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName
            ?? string.Join(' ', WordPattern().Matches(type.Name).Select(m => m.Value.ToLowerInvariant()));
        return (appLabel, type.Name.ToLowerInvariant(), displayName);
    }

    private static PermissionDefinitionException Error(Type type, string problem) =>
        new($"Entity '{type.FullName}': {problem}");

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex CodenamePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex AppLabelPattern();

    // "FeaturedPost" -> Featured, Post; "HTMLPage" -> HTML, Page; "Post2" -> Post2.
    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[0-9]+")]
    private static partial Regex WordPattern();
}
