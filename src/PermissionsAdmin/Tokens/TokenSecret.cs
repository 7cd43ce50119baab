using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Tokens;

/// <summary>
/// The text of a token (<c>pat_</c> and 32 random bytes in base64url) and the hash stored for it. The secret is
/// random and long, so a fast unsalted hash is safe: there is nothing to brute-force as with a password.
/// </summary>
public static class TokenSecret
{
    public const string Marker = "pat_";

    private const int RandomBytes = 32;

    public static string NewText() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Prefix(string text) => text[..Math.Min(text.Length, PersonalAccessToken.PrefixLength)];
}
