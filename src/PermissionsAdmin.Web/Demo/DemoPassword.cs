using System.Security.Cryptography;

namespace PermissionsAdmin.Web.Demo;

/// <summary>Random passwords that satisfy Identity's default rules (upper, lower, digit, symbol; at least 6).</summary>
public static class DemoPassword
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";

    // No quotes, spaces, '$', '&' or '\': the password is meant to be pasted into shells and forms unharmed.
    private const string Symbols = "!#%*+-=?@^_";

    public static string Generate(int length = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 4);
        // One of each class guarantees the rules; the rest comes from all classes; shuffling hides which is which.
        var characters = new List<char>
        {
            RandomNumberGenerator.GetItems<char>(Upper, 1)[0],
            RandomNumberGenerator.GetItems<char>(Lower, 1)[0],
            RandomNumberGenerator.GetItems<char>(Digits, 1)[0],
            RandomNumberGenerator.GetItems<char>(Symbols, 1)[0],
        };
        characters.AddRange(RandomNumberGenerator.GetItems<char>(Upper + Lower + Digits + Symbols, length - characters.Count));
        var password = characters.ToArray();
        RandomNumberGenerator.Shuffle<char>(password);
        return new string(password);
    }
}
