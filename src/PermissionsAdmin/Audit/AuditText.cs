using System.Text.Json;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Audit;

/// <summary>
/// Audit entries in words: "Changed staff status from false to true", "Added permissions: blog.add_post", "Granted user
/// alice: blog.change_post" (an object grant).
/// </summary>
public static class AuditText
{
    /// <summary>The words for the lists of <see cref="AuditChanges"/>, by their JSON name; other lists get their name in words.</summary>
    private static readonly Dictionary<string, string> ListLabels = new(StringComparer.Ordinal)
    {
        ["permissionsAdded"] = "Added permissions",
        ["permissionsRemoved"] = "Removed permissions",
        ["groupsAdded"] = "Added to groups",
        ["groupsRemoved"] = "Removed from groups",
        ["membersAdded"] = "Added members",
        ["membersRemoved"] = "Removed members",
    };

    /// <summary>The words the forms use for the audited fields; other fields keep their name.</summary>
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["UserName"] = "user name",
        ["Email"] = "e-mail address",
        ["FirstName"] = "first name",
        ["LastName"] = "last name",
        ["IsActive"] = "active",
        ["IsStaff"] = "staff status",
        ["IsSuperuser"] = "superuser status",
        ["Name"] = "name",
        ["Grants"] = "grants",
    };

    /// <summary>Lists written one line per item: "Granted user alice: blog.change_post", "Created token “ci”".</summary>
    private static readonly Dictionary<string, Func<string?, string>> ItemLines = new(StringComparer.Ordinal)
    {
        ["grantsAdded"] = grant => $"Granted {grant}",
        ["grantsRemoved"] = grant => $"Revoked {grant}",
        ["tokensCreated"] = token => $"Created token {Quote(token)}",
        ["tokensRevoked"] = token => $"Revoked token {Quote(token)}",
    };

    /// <summary>
    /// One line per change. Read from the stored JSON rather than <see cref="AuditChanges"/>, so entries written by a
    /// newer or older version (with other lists) still read well.
    /// </summary>
    public static IReadOnlyList<string> Describe(AuditEntry entry)
    {
        var lines = new List<string>();
        if (entry.Action == AuditAction.Deleted) lines.Add("Deleted.");
        try
        {
            using var json = JsonDocument.Parse(entry.Changes);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    if (property.Name == "fields" && property.Value.ValueKind == JsonValueKind.Object) AddFields(lines, property.Value);
                    else if (property.Value.ValueKind == JsonValueKind.Array) AddList(lines, property.Name, property.Value);
                }
            }
        }
        catch (JsonException)
        {
            lines.Add(entry.Changes);
        }
        if (lines.Count == 0) lines.Add(entry.Action == AuditAction.Added ? "Added." : "No details recorded.");
        return lines;
    }

    /// <summary>The lines as one text, each a sentence: "Changed name from “A” to “B”. Added permissions: blog.add_post."</summary>
    public static string Summary(AuditEntry entry) =>
        string.Join(" ", Describe(entry).Select(line => line.EndsWith('.') ? line : line + "."));

    public static string Verb(AuditAction action) => action switch
    {
        AuditAction.Added => "Added",
        AuditAction.Changed => "Changed",
        AuditAction.Deleted => "Deleted",
        _ => action.ToString(),
    };

    private static void AddFields(List<string> lines, JsonElement fields)
    {
        foreach (var field in fields.EnumerateObject())
        {
            var from = Text(field.Value, "from");
            var to = Text(field.Value, "to");
            lines.Add((FieldLabels.GetValueOrDefault(field.Name, field.Name), from, to) switch
            {
                ("Password", _, _) => "Changed the password",
                ("LockedOut", "true", "false") => "Unlocked (lifted the lockout)",
                (var name, null, null) => $"Changed {name}",
                (var name, null, var value) => $"Set {name} to {Quote(value)}",
                (var name, var value, null) => $"Cleared {name} (was {Quote(value)})",
                (var name, var before, var after) => $"Changed {name} from {Quote(before)} to {Quote(after)}",
            });
        }
    }

    private static void AddList(List<string> lines, string name, JsonElement items)
    {
        var values = items.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : i.GetRawText()).ToList();
        if (values.Count == 0) return;
        if (ItemLines.TryGetValue(name, out var line))
        {
            lines.AddRange(values.Select(line));
            return;
        }
        var label = ListLabels.GetValueOrDefault(name) ?? Words.FromName(name);
        lines.Add($"{label}: {string.Join(", ", values)}");
    }

    private static string? Text(JsonElement change, string name) =>
        change.ValueKind == JsonValueKind.Object && change.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Quote(string? value) => value is "true" or "false" ? value : $"“{value}”";
}
