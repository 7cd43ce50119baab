using System.Reflection;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.ObjectPermissions;

/// <summary>
/// How an object is named in the admin and in its history: its own <c>ToString()</c> when the type overrides it, else
/// its Title, Name or UserName, else "post 5".
/// </summary>
public static class ObjectDescription
{
    private static readonly string[] NameProperties = ["Title", "Name", "UserName"];

    public static string Of(object entity, ContentTypeDefinition contentType, int id)
    {
        var text = entity.ToString();
        if (!string.IsNullOrWhiteSpace(text) && text != entity.GetType().ToString()) return text;
        foreach (var name in NameProperties)
        {
            if (entity.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var type } property &&
                type == typeof(string) && property.GetValue(entity) is string { Length: > 0 } value)
            {
                return value;
            }
        }
        return $"{contentType.DisplayName} {id}";
    }
}
