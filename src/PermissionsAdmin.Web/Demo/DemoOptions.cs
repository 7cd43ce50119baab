namespace PermissionsAdmin.Web.Demo;

/// <summary>Switches of the demo site, bound from the <c>Demo</c> configuration section.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Visitors may sign up at /account/register as a Creator or a Subscriber.</summary>
    public bool RegistrationEnabled { get; set; } = true;

    /// <summary>On a start with no user at all, create the demo users and log their passwords once.</summary>
    public bool SeedOnFirstRun { get; set; }
}
