using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.PostgreSql;

/// <summary>
/// One ASP.NET Core data protection key, as the XML the key manager wrote. Shared by every instance, so a cookie or
/// an antiforgery token issued by one is accepted by the others. Not a permission target: no generated permissions.
/// </summary>
[Table("DataProtectionKeys")]
[PermissionApp("dataprotection")]
[DefaultPermissions(DefaultPermissions.None)]
public class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string? Xml { get; set; }
}

/// <summary>A context that holds the data protection keys: add <c>public DbSet&lt;DataProtectionKey&gt; DataProtectionKeys</c>.</summary>
public interface IDataProtectionKeyContext
{
    DbSet<DataProtectionKey> DataProtectionKeys { get; }
}
