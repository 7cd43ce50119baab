using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PermissionsAdmin.Api;

/// <summary>
/// Entity tags from Identity's concurrency stamps, which change with every saved change to a user or group
/// (their grants and memberships included). A write with <c>If-Match</c> hands the stamp to the service, which
/// refuses with 412 when it no longer matches; without <c>If-Match</c> the write is unconditional.
/// </summary>
public static class ETags
{
    public static string For(string? concurrencyStamp) => $"\"{concurrencyStamp}\"";

    /// <summary>Sets the response's ETag and returns <paramref name="body"/>.</summary>
    public static T Tagged<T>(this HttpContext http, string? concurrencyStamp, T body)
    {
        http.Response.Headers.ETag = For(concurrencyStamp);
        return body;
    }

    /// <summary>
    /// The concurrency stamp the caller expects, from <c>If-Match</c>; null when absent or <c>*</c>. A weak or
    /// malformed tag can never match, so it is returned as is and the write is refused with 412.
    /// </summary>
    public static string? ExpectedStamp(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return null;
        return EntityTagHeaderValue.TryParse(header.Trim(), out var tag) && !tag.IsWeak ? tag.Tag.ToString().Trim('"') : header;
    }
}
