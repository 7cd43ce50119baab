using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Tokens;

public sealed class TokenForm
{
    [Required(ErrorMessage = "Enter a name for the token.")]
    [StringLength(PersonalAccessToken.MaxNameLength, ErrorMessage = "Keep the name to {1} characters or fewer.")]
    [PlainText("name")]
    public string? Name { get; set; }

    [Range(1, PersonalAccessToken.MaxLifetimeDays, ErrorMessage = "Enter a number of days from {1} to {2}.")]
    public int? ExpiresInDays { get; set; }

    /// <summary>The last day (UTC) the token works.</summary>
    public DateOnly? ExpiresOn { get; set; }
}

/// <summary>A token as its owner sees it in the list; never its text.</summary>
internal sealed record TokenRow(int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, TokenState State);

/// <summary>The tokens page; <see cref="CreatedText"/> holds a new token's text on the one answer that shows it.</summary>
internal sealed record TokenListPage(IReadOnlyList<TokenRow> Tokens, TokenForm Form, string? CreatedName = null, string? CreatedText = null);

internal sealed record TokenRevokePage(int Id, string Name, string Prefix, string OwnerName, bool OwnToken);
