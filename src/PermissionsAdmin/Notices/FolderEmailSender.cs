using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace PermissionsAdmin.Notices;

/// <summary>
/// An <see cref="IEmailSender"/> that writes each message to <paramref name="folder"/> as an .eml file, so a site works
/// and can be tried with no mail server. A real site registers its own sender instead.
/// </summary>
public sealed class FolderEmailSender(string folder, TimeProvider clock) : IEmailSender
{
    public string Folder => folder;

    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        Directory.CreateDirectory(folder);
        var now = clock.GetUtcNow();
        var name = $"{now:yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}.eml";
        var message = new StringBuilder()
            .Append("To: ").Append(email).Append("\r\n")
            .Append("Subject: ").Append(subject.ReplaceLineEndings(" ")).Append("\r\n")
            .Append("Date: ").Append(now.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Content-Type: text/html; charset=utf-8\r\n\r\n")
            .Append(htmlMessage).Append("\r\n");
        await File.WriteAllTextAsync(Path.Combine(folder, name), message.ToString());
    }
}
