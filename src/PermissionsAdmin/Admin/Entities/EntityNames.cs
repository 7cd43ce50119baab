using System.Globalization;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>The name of an object of an entity the admin has no registered display for.</summary>
internal static class EntityNames
{
    /// <summary>The properties that name an object, in the order they are tried.</summary>
    private static readonly string[] NameProperties = ["Name", "UserName", "Title", "Email"];

    /// <summary>The first of Name, UserName, Title and Email that has text, else <see cref="ByKey"/>.</summary>
    public static string Fallback(IEntityType type, object entity) =>
        NameProperty(type) is { } property && property.GetGetter().GetClrValue(entity) is string { Length: > 0 } name ? name : ByKey(type, entity);

    /// <summary>The type in words and the key: "post 12".</summary>
    public static string ByKey(IEntityType type, object entity)
    {
        var key = type.FindPrimaryKey()?.Properties is [var keyProperty] ? keyProperty.GetGetter().GetClrValue(entity) : null;
        return $"{Words.FromName(type.ClrType.Name).ToLowerInvariant()} {Convert.ToString(key, CultureInfo.InvariantCulture)}".Trim();
    }

    /// <summary>The string property an object is known by, which choosers search; null if none.</summary>
    public static IProperty? NameProperty(IEntityType type) =>
        NameProperties.Select(type.FindProperty).FirstOrDefault(p => p is { ClrType: var t } && t == typeof(string));
}
