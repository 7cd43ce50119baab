namespace PermissionsAdmin.Model;

/// <summary>
/// A named secret a script sends as <c>Authorization: Bearer pat_…</c> to act as its owner under /api. Only the
/// secret's hash is stored; the text is shown once, when the token is created. A token holds no permission of its
/// own: it acts with its owner's, so it never holds more than the owner does.
/// No permissions are generated for it (see <c>CatalogueBuilder</c>): owners manage their own tokens.
/// </summary>
public class PersonalAccessToken
{
    public const int MaxNameLength = 100;

    /// <summary>SHA-256 as lowercase hex.</summary>
    public const int HashLength = 64;

    /// <summary>"pat_" and the first characters of the secret: enough to recognise a token, far too few to guess it.</summary>
    public const int PrefixLength = 12;

    /// <summary>The longest lifetime the admin and the CLI offer, in days (ten years).</summary>
    public const int MaxLifetimeDays = 3650;

    public int Id { get; set; }
    public int UserId { get; set; }
    public PermissionsUser User { get; set; } = null!;

    /// <summary>Unique per user; a revoked token keeps its name.</summary>
    public required string Name { get; set; }

    public required string Hash { get; set; }
    public required string Prefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }

    /// <summary>Updated at most once a minute (<c>PersonalAccessTokenHandler.LastUsedResolution</c>).</summary>
    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public TokenState StateAt(DateTime utcNow) =>
        RevokedAt is not null ? TokenState.Revoked : ExpiresAt <= utcNow ? TokenState.Expired : TokenState.Active;
}

public enum TokenState
{
    Active,
    Expired,
    Revoked,
}
