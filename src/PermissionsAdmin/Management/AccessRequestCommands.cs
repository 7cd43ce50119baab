using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Management;

public sealed partial class ManagementCli
{
    /// <summary>
    /// <c>requests list|approve|deny</c>: the CLI decides as the system, an approver of every group, through the same
    /// <see cref="AccessRequestAdministration"/> as the site, so a group changed since the request is approved only once
    /// the change is confirmed.
    /// </summary>
    private Command RequestsCommand()
    {
        var requests = new Command("requests", "List, approve and deny access requests.");

        var all = new Option<bool>("--all") { Description = "Every request, newest first, rather than the pending ones." };
        var list = new Command("list", "List the pending requests, oldest first: id, user, group, status, duration, when, justification.") { all };
        list.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var administration = services.GetRequiredService<AccessRequestAdministration>();
            if (parse.GetValue(all))
            {
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                foreach (var request in await administration.AllAsync()) await output.WriteLineAsync(Line(request, request.User.UserName!, request.Group.Name!, Decision(request, now)));
                return;
            }
            foreach (var pending in await administration.PendingAsync())
            {
                await output.WriteLineAsync(Line(pending.Request, pending.UserName, pending.GroupName, string.Join('\t', new[]
                {
                    pending.ApprovalsNeeded > 1 ? $"approvals {pending.Request.Approvals.Count} of {pending.ApprovalsNeeded}" : null,
                    pending.GroupChanged ? $"group changed since: now adds {Listed(pending.AddedSinceRequest)}; no longer {Listed(pending.RemovedSinceRequest)}" : null,
                }.OfType<string>())));
            }
        }));
        requests.Add(list);

        var approveId = new Argument<string>("id");
        var approveComment = new Option<string?>("--comment") { Description = "Why, for the requester and the history." };
        var confirm = new Option<bool>("--confirm-changes")
        {
            Description = "Approve the group as it is now even if its permissions changed since the request (list shows the change).",
        };
        var approve = new Command("approve", "Approve a request; the last approval needed adds the membership for the requested duration.")
        {
            approveId, approveComment, confirm,
        };
        approve.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var id = RequestId(parse.GetValue(approveId)!);
            var administration = services.GetRequiredService<AccessRequestAdministration>();
            // Without --confirm-changes nothing was seen, so the service refuses a changed group and says how it changed.
            var seen = parse.GetValue(confirm) ? (await administration.PendingAsync()).FirstOrDefault(p => p.Request.Id == id)?.CurrentPermissions : null;
            await administration.ApproveAsync(id, parse.GetValue(approveComment), seen);
            var request = await RequestAsync(services, id);
            if (request.Status == AccessRequestStatus.Approved)
            {
                await output.WriteLineAsync($"Approved request {id}: '{request.User.UserName}' is in group '{request.Group.Name}'" +
                    (request.GrantedUntil is { } until ? $" until {When(until)}." : " for good."));
                return;
            }
            var needed = (await administration.GetPolicyAsync(request.GroupId))?.ApprovalsNeeded ?? 1;
            await output.WriteLineAsync($"Approved request {id}: it needs {needed - request.Approvals.Count} more approval(s) by others.");
        }));
        requests.Add(approve);

        var denyId = new Argument<string>("id");
        var denyComment = new Option<string?>("--comment") { Description = "Why, for the requester and the history." };
        var deny = new Command("deny", "Deny a request; one denial decides.") { denyId, denyComment };
        deny.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var id = RequestId(parse.GetValue(denyId)!);
            await services.GetRequiredService<AccessRequestAdministration>().DenyAsync(id, parse.GetValue(denyComment));
            var request = await RequestAsync(services, id);
            await output.WriteLineAsync($"Denied request {id} of '{request.User.UserName}' for group '{request.Group.Name}'.");
        }));
        requests.Add(deny);
        return requests;
    }

    /// <summary><c>groups requestable</c> and <c>groups not-requestable</c>: a group's access policy.</summary>
    private IEnumerable<Command> AccessPolicyCommands()
    {
        var group = new Argument<string>("group");
        var approverGroup = new Option<string?>("--approver-group") { Description = "Members of this group approve." };
        var approverPermission = new Option<string?>("--approver-permission") { Description = "Holders of this permission approve (app_label.codename)." };
        var requestPermission = new Option<string?>("--request-permission") { Description = "Only holders of this permission may ask; without it, everyone signed in." };
        var max = new Option<string?>("--max") { Description = "The longest duration a request may ask for (e.g. 30m, 8h, 7d); without it, any, for good included." };
        var justification = new Option<bool>("--justification-required") { Description = "A request must say why." };
        var approvals = new Option<string?>("--approvals") { Description = $"How many different approvers must say yes (1 to {AccessRequestAdministration.MaxApprovalsNeeded}; 1 without it)." };
        var requestable = new Command("requestable", "Let users request a group, on these terms (replacing its policy if it had one); name an approver group, permission or both.")
        {
            group, approverGroup, approverPermission, requestPermission, max, justification, approvals,
        };
        requestable.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var maxDuration = parse.GetValue(max) is { } text
                ? ShortDuration.TryParse(text, out var duration) ? duration
                    : throw new AdministrationException($"--max takes a positive number of minutes, hours or days, such as {ShortDuration.Examples}; not '{text}'.")
                : (TimeSpan?)null;
            var approvalsNeeded = parse.GetValue(approvals) is { } count
                ? int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                    : throw new AdministrationException($"--approvals takes a number from 1 to {AccessRequestAdministration.MaxApprovalsNeeded}; not '{count}'.")
                : 1;
            var target = await services.GetRequiredService<GroupAdministration>().FindAsync(parse.GetValue(group)!);
            var administration = services.GetRequiredService<AccessRequestAdministration>();
            await administration.SetPolicyAsync(target.Id, new AccessPolicySettings
            {
                ApproverGroup = parse.GetValue(approverGroup),
                ApproverPermission = parse.GetValue(approverPermission),
                RequestPermission = parse.GetValue(requestPermission),
                MaxDuration = maxDuration,
                JustificationRequired = parse.GetValue(justification),
                ApprovalsNeeded = approvalsNeeded,
            });
            var policy = (await administration.GetPolicyAsync(target.Id))!;
            await output.WriteLineAsync($"Group '{target.Name}' is {await administration.DescribeAsync(policy)}.");
        }));

        var notGroup = new Argument<string>("group");
        var notRequestable = new Command("not-requestable", "Stop users requesting a group; its pending requests wait undecided until it is requestable again.") { notGroup };
        notRequestable.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var target = await services.GetRequiredService<GroupAdministration>().FindAsync(parse.GetValue(notGroup)!);
            await services.GetRequiredService<AccessRequestAdministration>().SetPolicyAsync(target.Id, null);
            await output.WriteLineAsync($"Group '{target.Name}' is not requestable.");
        }));
        return [requestable, notRequestable];
    }

    private static int RequestId(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : throw new AdministrationException($"'{text}' is not a request id: give the number 'requests list' shows.");

    /// <summary>A request as a line: id, user, group, status, duration, when asked, justification, then <paramref name="more"/>.</summary>
    private static string Line(AccessRequest request, string userName, string groupName, string more) => string.Join('\t', new[]
    {
        request.Id.ToString(CultureInfo.InvariantCulture), userName, groupName, request.Status.ToString().ToLowerInvariant(),
        request.Duration is { } duration ? ShortDuration.Format(duration) : "for good", $"requested {When(request.RequestedAt)}",
        request.Justification.Length > 0 ? string.Join(' ', request.Justification.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)) : "-",
        more,
    }.Where(column => column.Length > 0));

    /// <summary>Who decided a request and when, its comment, and when the membership it gave ends or ended.</summary>
    private static string Decision(AccessRequest request, DateTime now) => string.Join('\t', new[]
    {
        request.DecidedAt is { } at ? $"decided {When(at)}{(request.DecidedByName is { } by ? $" by {by}" : "")}" : null,
        request.GrantedUntil is { } until ? $"{(until <= now ? "ended" : "until")} {When(until)}" : null,
        request.DecisionComment,
    }.OfType<string>());

    private static string Listed(IReadOnlyList<string> permissions) => permissions.Count > 0 ? string.Join(", ", permissions) : "-";

    /// <summary>A request as the decision left it, to say what it did.</summary>
    private static Task<AccessRequest> RequestAsync(IServiceProvider services, int id) =>
        services.GetRequiredService<PermissionsDbContext>().AccessRequests.AsNoTracking()
            .Include(r => r.User).Include(r => r.Group).Include(r => r.Approvals).SingleAsync(r => r.Id == id);
}
