using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace PermissionsAdmin.Admin;

/// <summary>Links that keep the list's current query string and change one or more parameters.</summary>
public static class QueryUrl
{
    /// <summary>The current path and query with <paramref name="changes"/> applied; a null or empty value removes the parameter.</summary>
    public static string With(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            if (string.IsNullOrEmpty(value)) query.Remove(key);
            else query[key] = value;
        }
        return QueryHelpers.AddQueryString(request.PathBase + request.Path, query.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
    }
}
