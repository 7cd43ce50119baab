namespace PermissionsAdmin.Text;

/// <summary>
/// The rule for text people type: no control characters. A NUL cannot even be stored by PostgreSQL, and the others
/// are invisible or break a name's display; line breaks and tabs are allowed only where the text has lines.
/// </summary>
public static class PlainText
{
    /// <summary>Whether <paramref name="text"/> holds a control character (tab and line breaks too unless <paramref name="multiline"/>).</summary>
    public static bool HasControlCharacters(string? text, bool multiline = false)
    {
        foreach (var c in text ?? "")
        {
            if (char.IsControl(c) && !(multiline && c is '\t' or '\r' or '\n')) return true;
        }
        return false;
    }

    /// <summary>The refusal, with the field's words as the forms say them ("The user name …"), in the current language.</summary>
    public static string ControlCharactersMessage(string what) => Messages.Format("The {0} cannot contain control characters.", what);

    /// <summary>The refusal of a text longer than its column holds ("Keep the name to 150 characters or fewer.").</summary>
    public static string TooLongMessage(string what, int maxLength) => Messages.Format("Keep the {0} to {1} characters or fewer.", what, maxLength);
}
