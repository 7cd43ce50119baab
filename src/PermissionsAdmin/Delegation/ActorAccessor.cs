using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Tokens;

namespace PermissionsAdmin.Delegation;

/// <summary>
/// The actor of the current scope: the signed-in user of a web request (an anonymous visitor may do nothing), the
/// system outside requests, or whoever <see cref="ActAs"/> names (the CLI, self-registration).
/// </summary>
public sealed class ActorAccessor(IHttpContextAccessor http, IOptions<IdentityOptions> identityOptions)
{
    /// <summary>The longest name the audit trail keeps (<c>AuditEntry.ActorName</c>).</summary>
    private const int MaxNameLength = 256;

    private Actor? _override;

    public Actor Current => _override ?? FromRequest() ?? Actor.System("system", "system");

    /// <summary>Makes <paramref name="actor"/> the actor until the returned handle is disposed.</summary>
    public IDisposable ActAs(Actor actor)
    {
        var previous = _override;
        _override = actor;
        return new Restore(() => _override = previous);
    }

    private Actor? FromRequest()
    {
        var context = http.HttpContext;
        if (context is null) return null;
        var channel = context.GetEndpoint()?.Metadata.GetMetadata<ChannelAttribute>()?.Name ?? ChannelAttribute.Web;
        var user = context.User;
        var claims = identityOptions.Value.ClaimsIdentity;
        if (user.Identity?.IsAuthenticated == true && int.TryParse(user.FindFirstValue(claims.UserIdClaimType), out var id))
        {
            var name = user.FindFirstValue(claims.UserNameClaimType) ?? $"user {id}";
            if (PersonalAccessTokenDefaults.IsTokenPrincipal(user))
            {
                // The audit trail names the token a change was made with, so its owner can tell it from their own.
                name = $"{name} (token \"{user.FindFirstValue(PersonalAccessTokenDefaults.TokenNameClaimType)}\")";
                return new Actor(id, name.Length > MaxNameLength ? name[..MaxNameLength] : name, ChannelAttribute.Api, user);
            }
            return new Actor(id, name, channel, user);
        }
        return new Actor(null, "anonymous", channel, new ClaimsPrincipal(new ClaimsIdentity()));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
