using Microsoft.AspNetCore.Identity.UI.Services;

namespace PermissionsAdmin.Notices;

/// <summary>The sender until an app registers its own: in-app notices still reach users; no e-mail is sent.</summary>
internal sealed class NoEmailSender : IEmailSender
{
    public Task SendEmailAsync(string email, string subject, string htmlMessage) => Task.CompletedTask;
}
