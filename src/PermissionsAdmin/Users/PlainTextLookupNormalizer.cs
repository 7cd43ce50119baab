using Microsoft.AspNetCore.Identity;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Users;

/// <summary>
/// Identity's upper-case normalizer, except that control characters become U+FFFD. No stored name holds one
/// (<see cref="UserFieldsValidator"/>), so a lookup with one finds nothing, as it should, on every door (sign-in,
/// CLI, duplicate checks) instead of sending PostgreSQL a NUL it refuses with an error.
/// </summary>
internal sealed class PlainTextLookupNormalizer : ILookupNormalizer
{
    public string? NormalizeName(string? name) => Normalize(name);

    public string? NormalizeEmail(string? email) => Normalize(email);

    private static string? Normalize(string? key)
    {
        var upper = key?.ToUpperInvariant();
        return PlainText.HasControlCharacters(upper)
            ? string.Create(upper!.Length, upper, (chars, text) =>
            {
                for (var i = 0; i < text.Length; i++) chars[i] = char.IsControl(text[i]) ? '\uFFFD' : text[i];
            })
            : upper;
    }
}
