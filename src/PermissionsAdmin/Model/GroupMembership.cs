using Microsoft.AspNetCore.Identity;

namespace PermissionsAdmin.Model;

/// <summary>A user's membership of a group (Identity's user role), for good or until <see cref="ExpiresAt"/>.</summary>
public class GroupMembership : IdentityUserRole<int>
{
    /// <summary>
    /// When the membership ends (UTC); null for good. From then on it is not held on any check, by any door, whether or
    /// not its row has been removed: every query reads memberships through a filter that hides the ended ones.
    /// </summary>
    public DateTime? ExpiresAt { get; set; }
}
