using System.ComponentModel;
using System.Text.Json.Serialization;

namespace PermissionsAdmin.Model;

/// <summary>What a change did; in JSON by its name, whatever the application's JSON options say.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditAction>))]
public enum AuditAction
{
    Added = 1,
    Changed = 2,
    Deleted = 3,
}

/// <summary>
/// One change made through the administration services, whoever made it (admin, CLI, API). Holds names as text,
/// not foreign keys, so deleting a user keeps the entries they made and those about them.
/// </summary>
[PermissionApp("admin")]
[DisplayName("log entry")]
[DefaultPermissions(DefaultPermissions.View)]
public class AuditEntry
{
    public const int MaxReprLength = 200;

    public long Id { get; set; }
    public DateTime At { get; set; }

    /// <summary>The acting user, or null for the system (CLI, startup).</summary>
    public int? ActorId { get; set; }
    public required string ActorName { get; set; }

    /// <summary>Which door the change came in by: admin, cli, api, system.</summary>
    public required string Channel { get; set; }

    /// <summary>The object's content type as <c>app.model</c>, e.g. <c>auth.user</c>.</summary>
    public required string ObjectType { get; set; }
    public required string ObjectId { get; set; }
    public required string ObjectRepr { get; set; }
    public AuditAction Action { get; set; }

    /// <summary>What changed, as JSON of <c>AuditChanges</c>.</summary>
    public string Changes { get; set; } = "{}";
}
