using System.Globalization;
using System.Resources;

namespace PermissionsAdmin.Text;

/// <summary>
/// The services' messages (refusals, validation, history lines) in <see cref="CultureInfo.CurrentUICulture"/>: the
/// key is the English text, looked up in Messages.{culture}.resx beside this class. Only the admin sets the culture
/// (its request localization), so the API and the CLI keep English. A static resource rather than an
/// IStringLocalizer because the messages are built deep in services and in static code, where nothing is injected.
/// </summary>
internal static class Messages
{
    private static readonly ResourceManager Resources = new(typeof(Messages).FullName!, typeof(Messages).Assembly);

    /// <summary>The text in the current language, or <paramref name="english"/> when it has no translation.</summary>
    public static string Get(string english) => Resources.GetString(english, CultureInfo.CurrentUICulture) ?? english;

    /// <summary>The text in the current language with its <c>{0}</c> placeholders filled.</summary>
    public static string Format(string english, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, Get(english), args);
}
