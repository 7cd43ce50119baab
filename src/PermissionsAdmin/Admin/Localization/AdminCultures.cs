using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;

namespace PermissionsAdmin.Admin.Localization;

/// <summary>The languages the admin is written in: English (the default, the keys themselves) and French.</summary>
internal static class AdminCultures
{
    public const string Default = "en";

    public static readonly IReadOnlyList<string> Supported = [Default, "fr"];

    /// <summary>
    /// The admin's request localization: the language chosen with the admin's selector (its cookie) first, then the
    /// browser's Accept-Language, else English. The admin applies it to its own requests; a site may give it to its own.
    /// </summary>
    public static void Configure(RequestLocalizationOptions options)
    {
        options.SetDefaultCulture(Default).AddSupportedCultures([.. Supported]).AddSupportedUICultures([.. Supported]);
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
    }
}
