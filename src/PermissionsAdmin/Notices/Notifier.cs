using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Notices;

/// <summary>
/// Tells users something twice: an in-app notice, added to the unit of work so it commits or rolls back with the change
/// it describes, and an e-mail through ASP.NET Core's <see cref="IEmailSender"/>, sent by <see cref="SendAsync"/> only
/// after that commit (nobody is mailed about a change that did not happen; a mail server down fails no change).
/// </summary>
public sealed partial class Notifier(PermissionsDbContext db, IEmailSender email, TimeProvider clock, ILogger<Notifier> logger)
{
    private readonly List<(int UserId, string Subject, string Text)> _unsent = [];

    public void Tell(int userId, string subject, string text)
    {
        db.Notices.Add(new Notice
        {
            UserId = userId,
            At = clock.GetUtcNow().UtcDateTime,
            Text = text.Length > Notice.MaxTextLength ? text[..Notice.MaxTextLength] : text,
        });
        _unsent.Add((userId, subject, text));
    }

    /// <summary>Mails what <see cref="Tell"/> queued to those with an e-mail address; a failure is logged, not thrown.</summary>
    public async Task SendAsync()
    {
        if (_unsent.Count == 0) return;
        var queued = _unsent.ToList();
        _unsent.Clear();
        var userIds = queued.Select(n => n.UserId).Distinct().ToList();
        var addresses = await db.Users.Where(u => userIds.Contains(u.Id) && u.Email != null)
            .ToDictionaryAsync(u => u.Id, u => u.Email!);
        foreach (var (userId, subject, text) in queued)
        {
            if (!addresses.TryGetValue(userId, out var address)) continue;
            try
            {
                await email.SendEmailAsync(address, subject, System.Net.WebUtility.HtmlEncode(text));
            }
            catch (Exception e)
            {
                LogMailFailed(logger, e, address, subject);
            }
        }
    }

    /// <summary>The user's latest notices, newest first.</summary>
    public async Task<IReadOnlyList<Notice>> LatestAsync(int userId, int count = 20) =>
        await db.Notices.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.Id).Take(count).ToListAsync();

    public Task<int> UnreadCountAsync(int userId) => db.Notices.CountAsync(n => n.UserId == userId && n.ReadAt == null);

    public Task MarkReadAsync(int userId) =>
        db.Notices.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow().UtcDateTime));

    [LoggerMessage(1, LogLevel.Warning, "Could not e-mail {Address}: {Subject}")]
    private static partial void LogMailFailed(ILogger logger, Exception exception, string address, string subject);
}
