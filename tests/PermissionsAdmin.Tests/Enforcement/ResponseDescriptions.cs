namespace PermissionsAdmin.Tests.Enforcement;

public static class ResponseDescriptions
{
    /// <summary>
    /// What a visitor sees, as one comparable line: <c>200 things</c>, <c>302 → /Account/Login?ReturnUrl=…</c>,
    /// <c>403</c>. A Location header is always shown, so "403, not a redirect" is part of the comparison.
    /// </summary>
    public static async Task<string> DescribeAsync(this HttpResponseMessage response)
    {
        var text = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.Headers.Location is { } location)
        {
            text += " → " + (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
        }
        if (response.IsSuccessStatusCode)
        {
            text += " " + await response.Content.ReadAsStringAsync();
        }
        return text;
    }

    public static async Task<string> DescribeGetAsync(this SiteBrowser browser, string path, string? accept = null) =>
        await (await browser.GetAsync(path, accept)).DescribeAsync();
}
