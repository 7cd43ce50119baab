using System.Text.Json;
using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Audit;

/// <summary>
/// Audit entries in words: "Changed staff status from false to true", "Added permissions: blog.add_post", "Granted user
/// alice: blog.change_post" (an object grant), in the current language. The stored values (names, grants) stay as
/// they were recorded.
/// </summary>
public static class AuditText
{
    /// <summary>The words for the lists of <see cref="AuditChanges"/>, by their JSON name; other lists get their name in words.</summary>
    private static readonly Dictionary<string, Func<string>> ListLabels = new(StringComparer.Ordinal)
    {
        ["permissionsAdded"] = () => Messages.Get("Added permissions"),
        ["permissionsRemoved"] = () => Messages.Get("Removed permissions"),
        ["groupsAdded"] = () => Messages.Get("Added to groups"),
        ["groupsRemoved"] = () => Messages.Get("Removed from groups"),
        ["membersAdded"] = () => Messages.Get("Added members"),
        ["membersRemoved"] = () => Messages.Get("Removed members"),
    };

    /// <summary>The words the forms use for the audited fields; other fields keep their name.</summary>
    private static readonly Dictionary<string, Func<string>> FieldLabels = new(StringComparer.Ordinal)
    {
        ["UserName"] = () => Messages.Get("user name"),
        ["Email"] = () => Messages.Get("e-mail address"),
        ["FirstName"] = () => Messages.Get("first name"),
        ["LastName"] = () => Messages.Get("last name"),
        ["IsActive"] = () => Messages.Get("active"),
        ["IsStaff"] = () => Messages.Get("staff status"),
        ["IsSuperuser"] = () => Messages.Get("superuser status"),
        ["Name"] = () => Messages.Get("name"),
        ["Grants"] = () => Messages.Get("grants"),
    };

    /// <summary>Lists written one line per item: "Granted user alice: blog.change_post", "Created token “ci”".</summary>
    private static readonly Dictionary<string, Func<string?, string>> ItemLines = new(StringComparer.Ordinal)
    {
        ["grantsAdded"] = grant => GrantLine(grant, granted: true),
        ["grantsRemoved"] = grant => GrantLine(grant, granted: false),
        ["tokensCreated"] = token => Messages.Format("Created token {0}", Quote(token)),
        ["tokensRevoked"] = token => Messages.Format("Revoked token {0}", Quote(token)),
    };

    /// <summary>
    /// One line per change. Read from the stored JSON rather than <see cref="AuditChanges"/>, so entries written by a
    /// newer or older version (with other lists) still read well.
    /// </summary>
    public static IReadOnlyList<string> Describe(AuditEntry entry)
    {
        var lines = new List<string>();
        if (entry.Action == AuditAction.Deleted) lines.Add(Messages.Get("Deleted."));
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
        if (lines.Count == 0) lines.Add(entry.Action == AuditAction.Added ? Messages.Get("Added.") : Messages.Get("No details recorded."));
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
            var label = FieldLabels.TryGetValue(field.Name, out var words) ? words() : field.Name;
            lines.Add((field.Name, from, to) switch
            {
                ("Password", _, _) => Messages.Get("Changed the password"),
                ("LockedOut", "true", "false") => Messages.Get("Unlocked (lifted the lockout)"),
                (_, null, null) => Messages.Format("Changed {0}", label),
                (_, null, var value) => Messages.Format("Set {0} to {1}", label, Quote(value)),
                (_, var value, null) => Messages.Format("Cleared {0} (was {1})", label, Quote(value)),
                (_, var before, var after) => Messages.Format("Changed {0} from {1} to {2}", label, Quote(before), Quote(after)),
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
        var label = ListLabels.TryGetValue(name, out var words) ? words() : Words.FromName(name);
        lines.Add(Messages.Format("{0}: {1}", label, string.Join(", ", values)));
    }

    /// <summary>
    /// An object grant as <see cref="ObjectPermissions.ObjectPermissionAdministration"/> records it, its holder in
    /// English ("user alice: blog.change_post", "group Editors: …", "anyone: …"), in a sentence of the current language.
    /// </summary>
    private static string GrantLine(string? grant, bool granted)
    {
        var colon = grant?.LastIndexOf(": ", StringComparison.Ordinal) ?? -1;
        var (holder, permission) = colon < 0 ? ("", "") : (grant![..colon], grant[(colon + 2)..]);
        return (holder, granted) switch
        {
            ("anyone", true) => Messages.Format("Granted anyone: {0}", permission),
            ("anyone", false) => Messages.Format("Revoked anyone: {0}", permission),
            _ when holder.StartsWith("user ", StringComparison.Ordinal) => granted
                ? Messages.Format("Granted user {0}: {1}", holder["user ".Length..], permission)
                : Messages.Format("Revoked user {0}: {1}", holder["user ".Length..], permission),
            _ when holder.StartsWith("group ", StringComparison.Ordinal) => granted
                ? Messages.Format("Granted group {0}: {1}", holder["group ".Length..], permission)
                : Messages.Format("Revoked group {0}: {1}", holder["group ".Length..], permission),
            _ => granted ? Messages.Format("Granted {0}", grant) : Messages.Format("Revoked {0}", grant),
        };
    }

    private static string? Text(JsonElement change, string name) =>
        change.ValueKind == JsonValueKind.Object && change.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A value as the lines show it: a flag as a word, other text between the language's quotation marks.</summary>
    private static string Quote(string? value) => value switch
    {
        "true" => Messages.Get("true"),
        "false" => Messages.Get("false"),
        _ => Messages.Format("“{0}”", value),
    };
}
