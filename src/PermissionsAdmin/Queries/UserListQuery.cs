namespace PermissionsAdmin.Queries;

/// <summary>The users list's query string: search, filters, sort and the page's keyset cursor.</summary>
public sealed class UserListQuery
{
    public string? Q { get; set; }
    public bool? Staff { get; set; }
    public bool? Superuser { get; set; }
    public bool? Active { get; set; }
    public int? Group { get; set; }
    public string? Sort { get; set; }

    /// <summary>The page starts after this row (a cursor from the previous page's Next link).</summary>
    public string? After { get; set; }

    /// <summary>The page ends before this row (a cursor from the next page's Previous link).</summary>
    public string? Before { get; set; }

    /// <summary>A search or a filter narrows the list.</summary>
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || Staff is not null || Superuser is not null || Active is not null || Group is not null;
}

public sealed record UserRow(
    int Id, string UserName, string? Email, string FirstName, string LastName, bool IsActive, bool IsStaff, bool IsSuperuser,
    DateTime DateJoined, DateTime? LastLogin);
