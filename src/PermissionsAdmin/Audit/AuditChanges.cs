using System.Text.Json;
using System.Text.Json.Serialization;

namespace PermissionsAdmin.Audit;

/// <summary>A field's value before and after a change; neither for a secret one (<see cref="AuditChanges.Secret"/>).</summary>
public sealed record FieldChange(string? From, string? To);

/// <summary>What one audited change did: fields, permissions, groups and members added and removed.</summary>
public sealed class AuditChanges
{
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public SortedDictionary<string, FieldChange>? Fields { get; set; }
    public List<string>? PermissionsAdded { get; set; }
    public List<string>? PermissionsRemoved { get; set; }
    public List<string>? GroupsAdded { get; set; }
    public List<string>? GroupsRemoved { get; set; }
    public List<string>? MembersAdded { get; set; }
    public List<string>? MembersRemoved { get; set; }

    /// <summary>Object grants, as "user alice: blog.change_post" or "group Editors: blog.change_post".</summary>
    public List<string>? GrantsAdded { get; set; }
    public List<string>? GrantsRemoved { get; set; }

    /// <summary>Personal access tokens of the user, by name.</summary>
    public List<string>? TokensCreated { get; set; }
    public List<string>? TokensRevoked { get; set; }

    [JsonIgnore]
    public bool IsEmpty => Fields is null && PermissionsAdded is null && PermissionsRemoved is null && GroupsAdded is null &&
        GroupsRemoved is null && MembersAdded is null && MembersRemoved is null && GrantsAdded is null && GrantsRemoved is null &&
        TokensCreated is null && TokensRevoked is null;

    public void Field(string name, object? from, object? to)
    {
        var before = Format(from);
        var after = Format(to);
        if (before == after) return;
        (Fields ??= new(StringComparer.Ordinal))[name] = new FieldChange(before, after);
    }

    /// <summary>A secret field changed (a password, an API key): recorded as changed, without either value.</summary>
    public void Secret(string name) => (Fields ??= new(StringComparer.Ordinal))[name] = new FieldChange(null, null);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AuditChanges FromJson(string json) => JsonSerializer.Deserialize<AuditChanges>(json, Json) ?? new AuditChanges();

    /// <summary>Null for an empty list, so unchanged parts stay out of the JSON.</summary>
    public static List<string>? Sorted(IEnumerable<string> items)
    {
        var list = items.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? null : list;
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        DateTime d => d.ToString("O"),
        _ => value.ToString(),
    };
}
