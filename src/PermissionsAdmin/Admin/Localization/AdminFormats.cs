using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;
using PermissionsAdmin.Admin.Entities;

namespace PermissionsAdmin.Admin.Localization;

/// <summary>
/// Times and yes/no as the admin shows them, with their words in the request's language. Times keep one format
/// (ISO-like, marked UTC) in every language.
/// </summary>
internal static class AdminFormats
{
    /// <summary>
    /// One of the admin's capitalized words ("Group") as a word inside a sentence or a badge ("group"). Resource keys
    /// ignore case, so "group" cannot be a key of its own beside "Group".
    /// </summary>
    public static string InSentence(this LocalizedString word) => word.Value.ToLower(CultureInfo.CurrentCulture);

    /// <summary>
    /// A list filter's or a select's choice as shown: the admin's own choices (yes and no, the date ranges) in the
    /// request's language; an enum member's or a row's name as it is.
    /// </summary>
    public static string Label(this IStringLocalizer<AdminStrings> T, AdminField field, FilterChoice choice) => (field.Kind, choice.Value) switch
    {
        (FieldKind.Boolean or FieldKind.NullableBoolean, "true") => T["Yes"],
        (FieldKind.Boolean or FieldKind.NullableBoolean, "false") => T["No"],
        (FieldKind.DateTime or FieldKind.Date, "today") => T["Today"],
        (FieldKind.DateTime or FieldKind.Date, "past7") => T["Past 7 days"],
        (FieldKind.DateTime or FieldKind.Date, "month") => T["This month"],
        (FieldKind.DateTime or FieldKind.Date, "year") => T["This year"],
        _ => choice.Label,
    };

    /// <summary>A UTC time, marked UTC, or "never".</summary>
    public static string When(this IStringLocalizer<AdminStrings> T, DateTime? utc) => utc is { } value ? AdminHtml.When(value) : T["never"];

    /// <summary>A UTC time in a list column whose header says UTC, or "never".</summary>
    public static string Short(this IStringLocalizer<AdminStrings> T, DateTime? utc) => utc is { } value ? AdminHtml.Short(value) : T["never"];

    /// <summary>"until" a membership's or a grant's end (UTC).</summary>
    public static string Until(this IStringLocalizer<AdminStrings> T, DateTime utc) => T["until {0}", AdminHtml.When(utc)];

    /// <summary>
    /// How long until <paramref name="end"/>, from <paramref name="now"/> (the app's clock), rounded to the unit that
    /// matters at that distance: minutes within the hour, hours within two days, days beyond.
    /// </summary>
    public static string ExpiresIn(this IStringLocalizer<AdminStrings> T, DateTime end, DateTime now)
    {
        var left = end - now;
        if (left < TimeSpan.FromHours(1)) return T["expires in {0} min", Math.Max(1, (int)Math.Ceiling(left.TotalMinutes))];
        if (left < TimeSpan.FromHours(47.5)) return T["expires in {0} h", (int)Math.Round(left.TotalHours, MidpointRounding.AwayFromZero)];
        return T["expires in {0} days", (int)Math.Round(left.TotalDays, MidpointRounding.AwayFromZero)];
    }

    /// <summary>A tick or a cross, with its word for screen readers.</summary>
    public static IHtmlContent YesNo(this IStringLocalizer<AdminStrings> T, bool value)
    {
        var builder = new HtmlContentBuilder();
        var word = value ? T["Yes"] : T["No"];
        builder.AppendHtml(value ? "<span class=\"text-success\" title=\"" : "<span class=\"text-secondary\" title=\"");
        builder.Append(word);
        builder.AppendHtml(value ? "\">✔<span class=\"visually-hidden\">" : "\">✘<span class=\"visually-hidden\">");
        builder.Append(word);
        builder.AppendHtml("</span></span>");
        return builder;
    }
}
