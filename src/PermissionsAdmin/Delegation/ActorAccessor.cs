using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PermissionsAdmin.Delegation;

/// <summary>
/// The actor of the current scope: the signed-in user of a web request (an anonymous visitor may do nothing), the
/// system outside requests, or whoever <see cref="ActAs"/> names (the CLI, self-registration).
/// </summary>
public sealed class ActorAccessor(IHttpContextAccessor http, IOptions<IdentityOptions> identityOptions)
{
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
        var path = context.Request.Path;
        var channel = path.StartsWithSegments("/api") ? "api" : path.StartsWithSegments("/admin") ? "admin" : "web";
        var user = context.User;
        var claims = identityOptions.Value.ClaimsIdentity;
        if (user.Identity?.IsAuthenticated == true && int.TryParse(user.FindFirstValue(claims.UserIdClaimType), out var id))
        {
            return new Actor(id, user.FindFirstValue(claims.UserNameClaimType) ?? $"user {id}", channel, user);
        }
        return new Actor(null, "anonymous", channel, new ClaimsPrincipal(new ClaimsIdentity()));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
