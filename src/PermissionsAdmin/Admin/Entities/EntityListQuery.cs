using Microsoft.AspNetCore.Http;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>
/// The list's state, from its query string: <c>q</c> (search), <c>o</c> (order: a field name, <c>-</c> for
/// descending), <c>page</c>, and one parameter per filter, named as its field (<c>IsPublished=true</c>,
/// <c>AuthorId=4</c>, <c>CreatedAt=past7</c>), and <c>after</c> or <c>before</c>, the cursor of a keyset page.
/// Malformed values are ignored, as Django's list does; an unknown parameter is refused (<see cref="Parameters"/>).
/// </summary>
public sealed record EntityListQuery(string? Search, string? Order, int Page, string? After, string? Before, IReadOnlyDictionary<string, string> Filters)
{
    public const string SearchParameter = "q", OrderParameter = "o", PageParameter = "page", AfterParameter = "after", BeforeParameter = "before";

    public static EntityListQuery From(HttpRequest request, AdminEntity entity)
    {
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in entity.Filters)
        {
            if (request.Query[field.Name].ToString() is { Length: > 0 } value) filters[field.Name] = value;
        }
        var page = int.TryParse(request.Query[PageParameter], out var number) && number is > 0 and <= 1_000_000 ? number : 1;
        var search = request.Query[SearchParameter].ToString().Trim();
        return new EntityListQuery(search.Length == 0 ? null : search, request.Query[OrderParameter].ToString(), page,
            request.Query[AfterParameter].ToString(), request.Query[BeforeParameter].ToString(), filters);
    }

    /// <summary>Every parameter the entity's list reads; anything else is refused.</summary>
    public static IEnumerable<string> Parameters(AdminEntity entity) =>
        [SearchParameter, OrderParameter, PageParameter, AfterParameter, BeforeParameter, .. entity.Filters.Select(f => f.Name)];

    public bool IsFiltered => Search is not null || Filters.Count > 0;
}
