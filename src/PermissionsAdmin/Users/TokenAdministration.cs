using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Text;
using PermissionsAdmin.Tokens;

namespace PermissionsAdmin.Users;

/// <summary>A new token and its text, which exists only here: the database keeps its hash.</summary>
public sealed record CreatedToken(PersonalAccessToken Token, string Text);

/// <summary>
/// Every change to personal access tokens (admin, CLI, API). A user creates, lists and revokes their own; a superuser
/// may also list and revoke anyone's; the system (CLI) may do all three for anyone. No permission is needed: a token
/// acts with its owner's permissions and so can never hold more. Each change is audited in the owner's history
/// (<c>auth.user</c>) in the same transaction; a refusal throws <see cref="AdministrationException"/> and changes nothing.
/// </summary>
public sealed class TokenAdministration(PermissionsDbContext db, ActorAccessor actors, DelegationRules rules, AuditLog audit, TimeProvider clock)
{
    private DbSet<PersonalAccessToken> Tokens => db.PersonalAccessTokens;

    /// <summary>Creates a token for <paramref name="userId"/>; <paramref name="expiresAt"/> (UTC) null means it never expires.</summary>
    public async Task<CreatedToken> CreateAsync(int userId, string name, DateTime? expiresAt)
    {
        var actor = actors.Current;
        if (!actor.IsSystem && actor.UserId != userId)
        {
            throw new AdministrationDeniedException(Messages.Get("You can create tokens only for yourself."));
        }
        // A token must not outlive its own expiry or revocation by minting a successor.
        if (PersonalAccessTokenDefaults.IsTokenPrincipal(actor.Principal))
        {
            throw new AdministrationDeniedException(Messages.Get("A token cannot create tokens; sign in to create one."));
        }
        name = ValidName(name);
        var now = clock.GetUtcNow().UtcDateTime;
        if (expiresAt <= now) throw new AdministrationException(Messages.Get("The expiry must be in the future."), "expiresAt");
        // A whole last day beyond the limit: the admin's date field lets the token work through its last day.
        if (expiresAt > now.AddDays(PersonalAccessToken.MaxLifetimeDays + 1))
        {
            throw new AdministrationException(Messages.Format("Choose an expiry at most {0} days away.", PersonalAccessToken.MaxLifetimeDays), "expiresAt");
        }
        var owner = await OwnerAsync(userId);
        if (!owner.IsActive) throw new AdministrationException(Messages.Format("'{0}' is inactive; activate the account first.", owner.UserName));
        if (await Tokens.AnyAsync(t => t.UserId == userId && t.Name == name)) throw Duplicate(name);

        var text = TokenSecret.NewText();
        var token = new PersonalAccessToken
        {
            UserId = userId,
            Name = name,
            Hash = TokenSecret.Hash(text),
            Prefix = TokenSecret.Prefix(text),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        try
        {
            await db.InTransactionAsync(async () =>
            {
                Tokens.Add(token);
                audit.Record(UserAdministration.ObjectType, userId, owner.UserName!, AuditAction.Changed,
                    new AuditChanges { TokensCreated = [name] });
                await db.SaveChangesAsync();
            });
        }
        catch (DbUpdateException)
        {
            // Another request took the name between the check and the insert.
            db.ChangeTracker.Clear();
            if (await Tokens.AnyAsync(t => t.UserId == userId && t.Name == name)) throw Duplicate(name);
            throw;
        }
        return new CreatedToken(token, text);
    }

    /// <summary>The user's tokens, newest first, revoked and expired ones included.</summary>
    public async Task<IReadOnlyList<PersonalAccessToken>> ListAsync(int userId)
    {
        await RequireOwnerOrSuperuserAsync(userId, Messages.Get("see"));
        return await Tokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToListAsync();
    }

    /// <summary>Revokes a token by id: every later request with it is refused.</summary>
    public async Task<PersonalAccessToken> RevokeAsync(int tokenId)
    {
        var token = await Tokens.FirstOrDefaultAsync(t => t.Id == tokenId)
            ?? throw new AdministrationNotFoundException(Messages.Format("No token with id {0}.", tokenId));
        return await RevokeAsync(token);
    }

    /// <summary>Revokes the user's token named <paramref name="name"/>.</summary>
    public async Task<PersonalAccessToken> RevokeAsync(int userId, string name)
    {
        var token = await Tokens.FirstOrDefaultAsync(t => t.UserId == userId && t.Name == name.Trim())
            ?? throw new AdministrationException(Messages.Format("No token named '{0}'.", name.Trim()), "name");
        return await RevokeAsync(token);
    }

    private async Task<PersonalAccessToken> RevokeAsync(PersonalAccessToken token)
    {
        await RequireOwnerOrSuperuserAsync(token.UserId, Messages.Get("revoke"));
        if (token.RevokedAt is not null) throw new AdministrationException(Messages.Format("The token '{0}' is already revoked.", token.Name));
        var owner = await OwnerAsync(token.UserId);
        await db.InTransactionAsync(async () =>
        {
            token.RevokedAt = clock.GetUtcNow().UtcDateTime;
            audit.Record(UserAdministration.ObjectType, token.UserId, owner.UserName!, AuditAction.Changed,
                new AuditChanges { TokensRevoked = [token.Name] });
            await db.SaveChangesAsync();
        });
        return token;
    }

    private async Task RequireOwnerOrSuperuserAsync(int userId, string what)
    {
        if (actors.Current.UserId == userId) return;
        await rules.RequireSuperuserAsync(Messages.Format("{0} another user's tokens", what));
    }

    private async Task<PermissionsUser> OwnerAsync(int userId) =>
        await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId)
            ?? throw new AdministrationNotFoundException(Messages.Format("No user with id {0}.", userId));

    private static string ValidName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) throw new AdministrationException(Messages.Get("Enter a name for the token."), "name");
        if (PlainText.HasControlCharacters(trimmed)) throw new AdministrationException(PlainText.ControlCharactersMessage(Messages.Get("name")), "name");
        if (trimmed.Length > PersonalAccessToken.MaxNameLength)
        {
            throw new AdministrationException(PlainText.TooLongMessage(Messages.Get("name"), PersonalAccessToken.MaxNameLength), "name");
        }
        return trimmed;
    }

    private static AdministrationException Duplicate(string name) =>
        new(Messages.Format("A token named '{0}' already exists (revoked tokens keep their names); choose another name.", name), "name");
}
