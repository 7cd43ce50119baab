using Microsoft.AspNetCore.Http;

namespace PermissionsAdmin.Admin;

/// <summary>Links that keep the list's current query string and change one or more parameters.</summary>
internal static class QueryUrl
{
    /// <summary>
    /// The current path and query with <paramref name="changes"/> applied; a null or empty value removes the parameter.
    /// A changed parameter keeps its place. Reads the request's already parsed query: a list page builds dozens of these.
    /// </summary>
    public static string With(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        var pairs = new List<KeyValuePair<string, string?>>(request.Query.Count + changes.Length);
        foreach (var (key, values) in request.Query)
        {
            var value = values.ToString();
            foreach (var change in changes)
            {
                if (string.Equals(change.Key, key, StringComparison.OrdinalIgnoreCase)) value = change.Value;
            }
            if (!string.IsNullOrEmpty(value)) pairs.Add(new(key, value));
        }
        foreach (var (key, value) in changes)
        {
            if (!string.IsNullOrEmpty(value) && !request.Query.ContainsKey(key)) pairs.Add(new(key, value));
        }
        return request.PathBase + request.Path + QueryString.Create(pairs);
    }
}
