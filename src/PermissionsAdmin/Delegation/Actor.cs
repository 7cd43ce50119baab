using System.Security.Claims;

namespace PermissionsAdmin.Delegation;

/// <summary>Who is making a change, and through which door (admin, api, web, cli, system).</summary>
public sealed record Actor(int? UserId, string Name, string Channel, ClaimsPrincipal? Principal)
{
    /// <summary>The system itself (CLI, startup): every rule of delegation is satisfied.</summary>
    public static Actor System(string channel, string name) => new(null, name, channel, null);

    public bool IsSystem => Principal is null;
}
