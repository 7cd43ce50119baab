namespace PermissionsAdmin.Delegation;

/// <summary>
/// Names the door a request's changes come in by (the audit trail's channel): endpoint metadata, so it holds wherever
/// the site mounted the admin or the API. Requests to other endpoints come in by "web".
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ChannelAttribute(string name) : Attribute
{
    public const string Admin = "admin", Api = "api", Web = "web";

    public string Name => name;
}
