using System.Security.Claims;

namespace PermissionsAdmin.SignIn;

/// <summary>
/// Answers role checks (<c>User.IsInRole</c>, <c>[Authorize(Roles = …)]</c>) from the user's cached groups, so
/// the sign-in cookie carries no role claims and stays the same size in 1 group or 1,000. It holds no claims of
/// its own and is added to each request's principal, never written to the cookie.
/// </summary>
internal sealed class GroupMembershipIdentity(IReadOnlySet<string> groups, string roleClaimType)
    : ClaimsIdentity(authenticationType: null, nameType: null, roleType: roleClaimType)
{
    public override bool HasClaim(string type, string value) =>
        string.Equals(type, RoleClaimType, StringComparison.OrdinalIgnoreCase) ? groups.Contains(value) : base.HasClaim(type, value);
}
