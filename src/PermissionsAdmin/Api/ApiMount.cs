namespace PermissionsAdmin.Api;

/// <summary>
/// Endpoint metadata on every endpoint of the JSON API: the path the site mounted it at. The OpenAPI document takes
/// the endpoints that carry it, and reads their routes relative to it.
/// </summary>
internal sealed record ApiMount(string Path)
{
    /// <summary>The API's own part of <paramref name="relativePath"/> (an ApiDescription's, without the leading slash).</summary>
    public string[] Within(string? relativePath)
    {
        var mount = Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        return [.. (relativePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(mount)];
    }
}
