using System.ComponentModel.DataAnnotations;

namespace PermissionsAdmin.Text;

/// <summary>
/// Refuses control characters in a form field (<see cref="PlainText"/>), with the message the services give, built
/// when shown so it is in the request's language; <c>what</c> is the field's words in English (a <see cref="Messages"/> key).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlainTextAttribute(string what) : ValidationAttribute(() => PlainText.ControlCharactersMessage(Messages.Get(what)))
{
    /// <summary>Allows tabs and line breaks (a post's body), still refusing the other control characters.</summary>
    public bool Multiline { get; init; }

    public override bool IsValid(object? value) => value is not string text || !PlainText.HasControlCharacters(text, Multiline);
}
