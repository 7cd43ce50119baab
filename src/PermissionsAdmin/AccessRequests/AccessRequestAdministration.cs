using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Notices;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Text;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.AccessRequests;

/// <summary>
/// Requests for groups and their decisions: the one door for the site, the admin, the API and the CLI. A signed-in user
/// asks for a requestable group (<see cref="AccessPolicy"/>) on its terms; an approver the policy names decides. Nobody
/// decides their own request; an approver approves only a group whose permissions they hold, superusers aside (the
/// delegation rule); a group changed since the request is approved only once its change was seen; of two approvers
/// acting at once the second is refused. The approval adds the membership, until the requested end, in the same
/// transaction as the decision and their audit entries. Requesters and approvers are told (<see cref="Notifier"/>).
/// </summary>
public sealed class AccessRequestAdministration(
    PermissionsDbContext db,
    ActorAccessor actors,
    DelegationRules rules,
    IPermissionChecker checker,
    PermissionSubjectStore subjects,
    UserAdministration users,
    PermissionCatalogue catalogue,
    RoleManager<PermissionsGroup> groups,
    AuditLog audit,
    Notifier notifier,
    TimeProvider clock,
    IOptions<IdentityOptions> identityOptions)
{
    public const string ObjectType = "auth.accessrequest";

    /// <summary>The most approvals a policy may ask for.</summary>
    public const int MaxApprovalsNeeded = 10;

    /// <summary>The most approvers told of one request.</summary>
    private const int MaxApproversTold = 100;

    // ---- Requesting ----

    /// <summary>The groups the current user may ask for, with their membership and pending request of each.</summary>
    public async Task<IReadOnlyList<RequestableGroup>> RequestableAsync()
    {
        var (userId, principal) = await RequesterAsync();
        var policies = await db.AccessPolicies.AsNoTracking().Include(p => p.Group).OrderBy(p => p.Group.Name).ToListAsync();
        var memberships = await db.UserRoles.Where(m => m.UserId == userId).ToDictionaryAsync(m => m.RoleId, m => m.ExpiresAt);
        var pending = await db.AccessRequests.Where(r => r.UserId == userId && r.Status == AccessRequestStatus.Pending)
            .ToDictionaryAsync(r => r.GroupId, r => r.Id);
        var result = new List<RequestableGroup>();
        foreach (var policy in policies)
        {
            if (!await MayRequestAsync(policy, principal)) continue;
            var held = memberships.TryGetValue(policy.GroupId, out var until);
            if (held && until is null) continue;
            result.Add(new RequestableGroup(policy.GroupId, policy.Group.Name!, policy.MaxDuration, policy.JustificationRequired,
                await GroupPermissionsAsync(policy.GroupId), held ? until : null,
                pending.TryGetValue(policy.GroupId, out var requestId) ? requestId : null));
        }
        return result;
    }

    /// <summary>
    /// Asks for a group, for good (<paramref name="duration"/> null) or for a while; refused when the group's policy
    /// does not let the user ask, or the terms are not met, with the field at fault.
    /// </summary>
    public async Task<AccessRequest> RequestAsync(int groupId, string? justification, TimeSpan? duration)
    {
        var (userId, principal) = await RequesterAsync();
        var policy = await db.AccessPolicies.AsNoTracking().Include(p => p.Group).FirstOrDefaultAsync(p => p.GroupId == groupId)
            ?? throw new AdministrationNotFoundException(Messages.Format("No requestable group with id {0}.", groupId));
        var groupName = policy.Group.Name!;
        if (!await MayRequestAsync(policy, principal))
        {
            throw new AdministrationDeniedException(Messages.Format("You may not request the group '{0}'.", groupName));
        }
        justification = justification?.Trim() ?? "";
        if (policy.JustificationRequired && justification.Length == 0)
        {
            throw new AdministrationException(Messages.Get("Say why you need it."), "Justification");
        }
        // A NUL cannot even be stored by PostgreSQL: refused here, as bad input, rather than failing the save.
        if (PlainText.HasControlCharacters(justification, multiline: true))
        {
            throw new AdministrationException(PlainText.ControlCharactersMessage(Messages.Get("justification")), "Justification");
        }
        if (justification.Length > AccessRequest.MaxJustificationLength)
        {
            throw new AdministrationException(Messages.Format("Keep it under {0} characters.", AccessRequest.MaxJustificationLength + 1), "Justification");
        }
        RequireDurationAllowed(policy, duration);
        if (await db.UserRoles.AnyAsync(m => m.UserId == userId && m.RoleId == groupId && m.ExpiresAt == null))
        {
            throw new AdministrationException(Messages.Format("You are already in the group '{0}'.", groupName));
        }

        var request = await db.RetryWhenUnconditionalAsync(unconditional: false, () => db.InTransactionAsync(async () =>
        {
            if (await db.AccessRequests.AnyAsync(r => r.UserId == userId && r.GroupId == groupId && r.Status == AccessRequestStatus.Pending))
            {
                throw AlreadyPending(groupName);
            }
            var request = new AccessRequest
            {
                UserId = userId,
                GroupId = groupId,
                Justification = justification,
                Duration = duration,
                Status = AccessRequestStatus.Pending,
                RequestedAt = clock.GetUtcNow().UtcDateTime,
                GroupPermissions = string.Join(' ', await GroupPermissionsAsync(groupId)),
            };
            db.AccessRequests.Add(request);
            await db.SaveChangesAsync();
            var changes = new AuditChanges();
            changes.Field("Group", null, groupName);
            changes.Field("Duration", null, DurationText(duration));
            if (justification.Length > 0) changes.Field("Justification", null, justification);
            audit.Record(ObjectType, request.Id, Describe(actors.Current.Name, groupName), AuditAction.Added, changes);
            foreach (var approver in await ApproverIdsAsync(policy, except: userId))
            {
                notifier.Tell(approver, Messages.Format("Access request: {0} asks for {1}", actors.Current.Name, groupName),
                    Messages.Format("{0} asks for the group '{1}' ({2}): {3}", actors.Current.Name, groupName, DurationText(duration),
                        justification.Length > 0 ? justification : "-"));
            }
            await db.SaveChangesAsync();
            return request;
        }), () => AlreadyPending(groupName));
        await notifier.SendAsync();
        return request;
    }

    /// <summary>Withdraws one of the current user's pending requests.</summary>
    public async Task WithdrawAsync(int requestId)
    {
        var (userId, _) = await RequesterAsync();
        await DecideAsync(requestId, async request =>
        {
            // Someone else's request is not theirs to see.
            if (request.UserId != userId) throw NotFound(requestId);
            request.Status = AccessRequestStatus.Withdrawn;
            request.DecidedAt = clock.GetUtcNow().UtcDateTime;
            Record(request, AccessRequestStatus.Pending, comment: null);
            await Task.CompletedTask;
        });
    }

    /// <summary>The current user's requests, newest first.</summary>
    public async Task<IReadOnlyList<AccessRequest>> MineAsync(int count = 50)
    {
        var (userId, _) = await RequesterAsync();
        return await db.AccessRequests.AsNoTracking().Include(r => r.Group).Include(r => r.Approvals)
            .Where(r => r.UserId == userId).OrderByDescending(r => r.Id).Take(count).ToListAsync();
    }

    /// <summary>One of the current user's requests; someone else's is not found, as in <see cref="WithdrawAsync"/>.</summary>
    public async Task<AccessRequest> GetMineAsync(int requestId)
    {
        var (userId, _) = await RequesterAsync();
        return await db.AccessRequests.AsNoTracking().Include(r => r.Group).Include(r => r.Approvals)
            .FirstOrDefaultAsync(r => r.Id == requestId && r.UserId == userId) ?? throw NotFound(requestId);
    }

    /// <summary>Every request, newest first, with its requester: the CLI's view, as the system sees all.</summary>
    internal async Task<IReadOnlyList<AccessRequest>> AllAsync() =>
        await db.AccessRequests.AsNoTracking().Include(r => r.Group).Include(r => r.User).Include(r => r.Approvals)
            .OrderByDescending(r => r.Id).ToListAsync();

    // ---- Approving ----

    /// <summary>
    /// The undecided requests the current actor may see as an approver (of a group whose policy names them), oldest
    /// first, each with what it would give and whether they may decide it.
    /// </summary>
    public async Task<IReadOnlyList<PendingAccessRequest>> PendingAsync()
    {
        var actor = actors.Current;
        var policies = new Dictionary<int, AccessPolicy>();
        foreach (var policy in await db.AccessPolicies.AsNoTracking().Include(p => p.Group)
            .Where(p => db.AccessRequests.Any(r => r.GroupId == p.GroupId && r.Status == AccessRequestStatus.Pending)).ToListAsync())
        {
            if (await IsApproverAsync(policy, actor)) policies[policy.GroupId] = policy;
        }
        if (policies.Count == 0) return [];
        var groupIds = policies.Keys.ToList();
        var requests = await db.AccessRequests.AsNoTracking().Include(r => r.User).Include(r => r.Approvals)
            .Where(r => r.Status == AccessRequestStatus.Pending && groupIds.Contains(r.GroupId))
            .OrderBy(r => r.Id).ToListAsync();
        var result = new List<PendingAccessRequest>();
        var currentByGroup = new Dictionary<int, IReadOnlyList<string>>();
        foreach (var request in requests)
        {
            var policy = policies[request.GroupId];
            if (!currentByGroup.TryGetValue(request.GroupId, out var current))
            {
                currentByGroup[request.GroupId] = current = await GroupPermissionsAsync(request.GroupId);
            }
            var then = Split(request.GroupPermissions);
            var held = await checker.GetAllPermissionsAsync(PrincipalOf(request.UserId));
            result.Add(new PendingAccessRequest(request, request.User.UserName!, policy.Group.Name!, policy.ApprovalsNeeded,
                current.Where(p => !held.Contains(p)).ToList(), current.Except(then).ToList(), then.Except(current).ToList(), current,
                await CannotApproveAsync(request, policy, current, actor)));
        }
        return result;
    }

    /// <summary>How many undecided requests the current actor may decide (the dashboard's count).</summary>
    public async Task<int> PendingCountAsync() => (await PendingAsync()).Count(p => p.CannotApprove is null);

    /// <summary>
    /// Approves a request with an optional comment. When the group's permissions changed since the request, the
    /// approver must have seen them as they are now: <paramref name="seenPermissions"/>, else a conflict naming the
    /// change. The last approval needed adds the membership, until now + the requested duration.
    /// </summary>
    public async Task ApproveAsync(int requestId, string? comment, IReadOnlyCollection<string>? seenPermissions = null)
    {
        comment = Comment(comment);
        var actor = actors.Current;
        await DecideAsync(requestId, async request =>
        {
            var policy = await PolicyAsync(request);
            var current = await GroupPermissionsAsync(request.GroupId);
            if (await CannotApproveAsync(request, policy, current, actor) is { } refusal) throw new AdministrationDeniedException(refusal);
            var then = Split(request.GroupPermissions);
            if (!current.SequenceEqual(then) && (seenPermissions is null || !current.SequenceEqual(seenPermissions.Order(StringComparer.Ordinal))))
            {
                throw new ConcurrencyConflictException(Messages.Format("The group '{0}' changed since the request (now adds: {1}; no longer: {2}). Look at it again before approving.",
                    request.Group.Name, List(current.Except(then)), List(then.Except(current))));
            }
            var now = clock.GetUtcNow().UtcDateTime;
            request.Approvals.Add(new AccessRequestApproval { ApproverId = actor.UserId, ApproverName = actor.Name, At = now, Comment = comment });
            if (request.Approvals.Count < policy.ApprovalsNeeded)
            {
                var changes = new AuditChanges();
                changes.Field("Approvals", request.Approvals.Count - 1, request.Approvals.Count);
                audit.Record(ObjectType, request.Id, Describe(request), AuditAction.Changed, changes);
                return;
            }
            request.Status = AccessRequestStatus.Approved;
            request.DecidedAt = now;
            request.DecidedById = actor.UserId;
            request.DecidedByName = actor.Name;
            request.DecisionComment = comment;
            request.GrantedUntil = request.Duration is { } duration ? now + duration : null;
            Record(request, AccessRequestStatus.Pending, comment);
            // The decision is saved first, so of two approvers at once the second fails here, before any membership.
            request.Version++;
            await db.SaveChangesAsync();
            // This door's own rules (above) stand in for the user-edit rules: an approver need not administer users.
            using (actors.ActAs(actor with { Principal = null }))
            {
                await users.UpdateAsync(request.UserId, null, new UserEdit
                {
                    GroupIdsToAdd = [request.GroupId],
                    ExpiresAt = request.GrantedUntil is { } until ? new DateTimeOffset(until, TimeSpan.Zero) : null,
                });
            }
            notifier.Tell(request.UserId, Messages.Format("Access request approved: {0}", request.Group.Name),
                Messages.Format("{0} approved your request for the group '{1}' ({2}).{3}", actor.Name, request.Group.Name,
                    request.GrantedUntil is { } end ? Messages.Format("until {0:yyyy-MM-dd HH:mm} UTC", end) : Messages.Get("no end"),
                    comment is null ? "" : " " + comment));
        });
    }

    /// <summary>Denies a request with an optional comment; one denial decides, whatever the approvals before it.</summary>
    public async Task DenyAsync(int requestId, string? comment)
    {
        comment = Comment(comment);
        var actor = actors.Current;
        await DecideAsync(requestId, async request =>
        {
            var policy = await PolicyAsync(request);
            if (actor.UserId == request.UserId) throw new AdministrationDeniedException(Messages.Get("Nobody decides their own request."));
            if (!await IsApproverAsync(policy, actor))
            {
                throw new AdministrationDeniedException(Messages.Format("You are not an approver of the group '{0}'.", request.Group.Name));
            }
            request.Status = AccessRequestStatus.Denied;
            request.DecidedAt = clock.GetUtcNow().UtcDateTime;
            request.DecidedById = actor.UserId;
            request.DecidedByName = actor.Name;
            request.DecisionComment = comment;
            Record(request, AccessRequestStatus.Pending, comment);
            notifier.Tell(request.UserId, Messages.Format("Access request denied: {0}", request.Group.Name),
                Messages.Format("{0} denied your request for the group '{1}'.{2}", actor.Name, request.Group.Name, comment is null ? "" : " " + comment));
        });
    }

    // ---- Reminders and expiry (the sweeper's) ----

    /// <summary>
    /// Reminds the approvers of requests undecided since <paramref name="remindBefore"/>, once each, and expires those
    /// undecided since <paramref name="expireBefore"/>. Safe on several instances at once: each request is claimed by
    /// one conditional update. Returns how many were reminded and expired.
    /// </summary>
    internal async Task<(int Reminded, int Expired)> SweepAsync(DateTime remindBefore, DateTime? expireBefore)
    {
        var (reminded, expired) = (0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        if (expireBefore is { } cutoff)
        {
            foreach (var id in await db.AccessRequests.Where(r => r.Status == AccessRequestStatus.Pending && r.RequestedAt <= cutoff)
                .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync())
            {
                try
                {
                    await DecideAsync(id, request =>
                    {
                        request.Status = AccessRequestStatus.Expired;
                        request.DecidedAt = now;
                        Record(request, AccessRequestStatus.Pending, comment: null);
                        notifier.Tell(request.UserId, Messages.Format("Access request expired: {0}", request.Group.Name),
                            Messages.Format("Your request for the group '{0}' expired undecided.", request.Group.Name));
                        return Task.CompletedTask;
                    });
                    expired++;
                }
                catch (AdministrationException)
                {
                    // Decided by someone else meanwhile.
                }
            }
        }
        foreach (var request in await db.AccessRequests.AsNoTracking().Include(r => r.Group).Include(r => r.User)
            .Where(r => r.Status == AccessRequestStatus.Pending && r.RemindedAt == null && r.RequestedAt <= remindBefore)
            .OrderBy(r => r.Id).ToListAsync())
        {
            await db.InTransactionAsync(async () =>
            {
                var claimed = await db.AccessRequests.Where(r => r.Id == request.Id && r.RemindedAt == null && r.Status == AccessRequestStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.RemindedAt, now));
                if (claimed == 0) return;
                var policy = await db.AccessPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.GroupId == request.GroupId);
                if (policy is null) return;
                foreach (var approver in await ApproverIdsAsync(policy, except: request.UserId))
                {
                    notifier.Tell(approver, Messages.Format("Reminder: {0} asks for {1}", request.User.UserName, request.Group.Name),
                        Messages.Format("{0} asked for the group '{1}' on {2:yyyy-MM-dd HH:mm} UTC; it is still undecided.",
                            request.User.UserName, request.Group.Name, request.RequestedAt));
                }
                await db.SaveChangesAsync();
                reminded++;
            });
        }
        await notifier.SendAsync();
        return (reminded, expired);
    }

    // ---- Policies ----

    public Task<AccessPolicy?> GetPolicyAsync(int groupId) =>
        db.AccessPolicies.AsNoTracking().Include(p => p.ApproverGroup).FirstOrDefaultAsync(p => p.GroupId == groupId);

    /// <summary>
    /// Makes a group requestable on <paramref name="settings"/>' terms, or no longer (null; its pending requests stay
    /// undecidable until it is requestable again). Needs auth.change_group and every permission of the group; a
    /// policy the configuration sets is a superuser's to change.
    /// </summary>
    public Task SetPolicyAsync(int groupId, AccessPolicySettings? settings) => SetPolicyAsync(groupId, settings, configured: false);

    internal async Task<bool> SetPolicyAsync(int groupId, AccessPolicySettings? settings, bool configured)
    {
        await rules.RequirePermissionAsync(AuthPermissions.ChangeGroup);
        var group = await db.Roles.AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId)
            ?? throw new AdministrationNotFoundException(Messages.Format("No group with id {0}.", groupId));
        await rules.RequireHoldsGroupAsync(groupId, group.Name!);
        var approverGroupId = settings is null ? null : await ValidateAsync(settings);
        return await db.InTransactionAsync(async () =>
        {
            var policy = await db.AccessPolicies.FirstOrDefaultAsync(p => p.GroupId == groupId);
            if (policy is { Configured: true } && !configured)
            {
                await rules.RequireSuperuserAsync(Messages.Format("change the access policy of the group '{0}': the configuration sets it", group.Name));
            }
            var before = policy is null ? null : await DescribeAsync(policy);
            if (settings is null)
            {
                if (policy is null) return false;
                db.AccessPolicies.Remove(policy);
            }
            else
            {
                if (policy is null) db.AccessPolicies.Add(policy = new AccessPolicy { GroupId = groupId });
                policy.RequestPermission = Blank(settings.RequestPermission);
                policy.ApproverGroupId = approverGroupId;
                policy.ApproverPermission = Blank(settings.ApproverPermission);
                policy.MaxDuration = settings.MaxDuration;
                policy.JustificationRequired = settings.JustificationRequired;
                policy.ApprovalsNeeded = settings.ApprovalsNeeded;
                policy.Configured = configured;
            }
            var after = settings is null ? null : await DescribeAsync(policy!);
            if (before == after && (policy is null || db.Entry(policy).State == EntityState.Unchanged)) return false;
            var changes = new AuditChanges();
            changes.Field("AccessPolicy", before, after);
            audit.Record(GroupAdministration.ObjectType, groupId, group.Name!, AuditAction.Changed, changes);
            await db.SaveChangesAsync();
            return true;
        });
    }

    /// <summary>Checks the names a policy gives; returns the approver group's id.</summary>
    private async Task<int?> ValidateAsync(AccessPolicySettings settings)
    {
        foreach (var (field, name) in new[]
        {
            (nameof(settings.RequestPermission), settings.RequestPermission),
            (nameof(settings.ApproverPermission), settings.ApproverPermission),
        })
        {
            if (Blank(name) is { } permission && !catalogue.Contains(permission))
            {
                throw new AdministrationException(Messages.Format("Unknown permission '{0}'.", permission), field);
            }
        }
        int? approverGroupId = null;
        if (Blank(settings.ApproverGroup) is { } approverGroup)
        {
            approverGroupId = (await groups.FindByNameAsync(approverGroup))?.Id
                ?? throw new AdministrationException(Messages.Format("No group named '{0}'.", approverGroup), nameof(settings.ApproverGroup));
        }
        if (approverGroupId is null && Blank(settings.ApproverPermission) is null)
        {
            throw new AdministrationException(Messages.Get("Name who approves: a group, a permission or both."), nameof(settings.ApproverGroup));
        }
        if (settings.MaxDuration <= TimeSpan.Zero)
        {
            throw new AdministrationException(Messages.Get("The longest duration must be positive."), nameof(settings.MaxDuration));
        }
        if (settings.ApprovalsNeeded is < 1 or > MaxApprovalsNeeded)
        {
            throw new AdministrationException(Messages.Format("Approvals needed must be from 1 to {0}.", MaxApprovalsNeeded), nameof(settings.ApprovalsNeeded));
        }
        return approverGroupId;
    }

    /// <summary>The policy in one line, as the audit trail shows it.</summary>
    internal async Task<string> DescribeAsync(AccessPolicy policy)
    {
        var approverGroup = policy.ApproverGroupId is { } id ? (await db.Roles.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id))?.Name : null;
        var approvers = string.Join(" or ", new[] { approverGroup is null ? null : $"members of {approverGroup}", policy.ApproverPermission }.OfType<string>());
        return $"requestable by {policy.RequestPermission ?? "everyone"}; approved by {approvers}" +
            $" ({policy.ApprovalsNeeded} needed); at most {DurationText(policy.MaxDuration)}" +
            (policy.JustificationRequired ? "; justification required" : "");
    }

    // ---- Rules ----

    /// <summary>The signed-in, active user making a request; anyone else is refused.</summary>
    private async Task<(int UserId, ClaimsPrincipal Principal)> RequesterAsync()
    {
        var actor = actors.Current;
        if (actor is { UserId: { } userId, Principal: { } principal } && await subjects.FindAsync(principal) is { IsActive: true })
        {
            return (userId, principal);
        }
        throw new AdministrationDeniedException(Messages.Get("Sign in to request access."));
    }

    private async Task<bool> MayRequestAsync(AccessPolicy policy, ClaimsPrincipal principal) =>
        policy.RequestPermission is not { } permission || await checker.HasPermissionAsync(principal, permission);

    private static void RequireDurationAllowed(AccessPolicy policy, TimeSpan? duration)
    {
        if (duration <= TimeSpan.Zero) throw new AdministrationException(Messages.Get("The duration must be positive."), "Duration");
        if (policy.MaxDuration is { } max && (duration is null || duration > max))
        {
            throw new AdministrationException(
                Messages.Format("The group '{0}' is given for {1} at most.", policy.Group.Name, DurationText(max)), "Duration");
        }
    }

    /// <summary>
    /// Whether the actor is among those the policy names to approve: an active superuser, a member of its approver group,
    /// or a holder of its approver permission. The system (the CLI) always is.
    /// </summary>
    private async Task<bool> IsApproverAsync(AccessPolicy policy, Actor actor)
    {
        if (actor.IsSystem || await rules.ActorIsSuperuserAsync()) return true;
        if (actor.UserId is not { } userId || await subjects.FindAsync(actor.Principal!) is not { IsActive: true }) return false;
        if (policy.ApproverGroupId is { } groupId && await db.UserRoles.AnyAsync(m => m.UserId == userId && m.RoleId == groupId)) return true;
        return policy.ApproverPermission is { } permission && await checker.HasPermissionAsync(actor.Principal!, permission);
    }

    /// <summary>Why the actor may not approve the request, in the current language; null when they may.</summary>
    private async Task<string?> CannotApproveAsync(AccessRequest request, AccessPolicy policy, IReadOnlyList<string> groupPermissions, Actor actor)
    {
        var groupName = policy.Group?.Name ?? request.Group?.Name;
        if (actor.UserId == request.UserId) return Messages.Get("Nobody decides their own request.");
        if (!await IsApproverAsync(policy, actor)) return Messages.Format("You are not an approver of the group '{0}'.", groupName);
        if (!actor.IsSystem && !await checker.HasAllPermissionsAsync(actor.Principal!, groupPermissions))
        {
            return Messages.Format("You cannot approve the group '{0}': you do not hold all of its permissions.", groupName);
        }
        if (actor.UserId is not null ? request.Approvals.Any(a => a.ApproverId == actor.UserId) : request.Approvals.Any(a => a.ApproverId is null && a.ApproverName == actor.Name))
        {
            return Messages.Get("You have already approved this request.");
        }
        return null;
    }

    /// <summary>The active users told of a new or forgotten request: its approver group's members and its approver permission's holders.</summary>
    private async Task<IReadOnlyList<int>> ApproverIdsAsync(AccessPolicy policy, int except)
    {
        var ids = new HashSet<int>();
        if (policy.ApproverGroupId is { } groupId)
        {
            ids.UnionWith(await db.UserRoles.Where(m => m.RoleId == groupId && m.UserId != except)
                .Join(db.Users.Where(u => u.IsActive), m => m.UserId, u => u.Id, (m, u) => u.Id).OrderBy(id => id).Take(MaxApproversTold).ToListAsync());
        }
        if (policy.ApproverPermission is { } permission)
        {
            ids.UnionWith(await checker.UsersWithPermission(permission, includeSuperusers: false)
                .Where(u => u.Id != except).Select(u => u.Id).OrderBy(id => id).Take(MaxApproversTold).ToListAsync());
        }
        return ids.Take(MaxApproversTold).ToList();
    }

    // ---- Helpers ----

    /// <summary>
    /// Runs a decision on a pending request in one transaction and tells whom it told after the commit. Its version
    /// is checked on save: of two deciders at once, the second is refused.
    /// </summary>
    private async Task DecideAsync(int requestId, Func<AccessRequest, Task> decide)
    {
        await db.RetryWhenUnconditionalAsync(unconditional: false, () => db.InTransactionAsync(async () =>
        {
            var request = await db.AccessRequests.Include(r => r.Group).Include(r => r.User).Include(r => r.Approvals)
                .FirstOrDefaultAsync(r => r.Id == requestId) ?? throw NotFound(requestId);
            if (request.Status != AccessRequestStatus.Pending)
            {
                throw new ConcurrencyConflictException(Messages.Format("This request is already {0}.", StatusText(request.Status)));
            }
            // A refusal is thrown before anything is staged, so the scope's context is left as it was.
            await decide(request);
            request.Version++;
            await db.SaveChangesAsync();
        }), () => new ConcurrencyConflictException(Messages.Get("Someone else decided this request at the same time; look at it again.")));
        await notifier.SendAsync();
    }

    private async Task<AccessPolicy> PolicyAsync(AccessRequest request) =>
        await db.AccessPolicies.AsNoTracking().Include(p => p.Group).FirstOrDefaultAsync(p => p.GroupId == request.GroupId)
        ?? throw new AdministrationException(Messages.Format("The group '{0}' no longer takes requests.", request.Group.Name));

    private void Record(AccessRequest request, AccessRequestStatus before, string? comment)
    {
        var changes = new AuditChanges();
        changes.Field("Status", before.ToString(), request.Status.ToString());
        if (comment is not null) changes.Field("Comment", null, comment);
        if (request.Status == AccessRequestStatus.Approved) changes.Field("GrantedUntil", null, request.GrantedUntil is { } until ? until.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "no end");
        audit.Record(ObjectType, request.Id, Describe(request), AuditAction.Changed, changes);
    }

    private async Task<IReadOnlyList<string>> GroupPermissionsAsync(int groupId) =>
        (await db.GroupPermissions.Where(g => g.GroupId == groupId)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync())
        .Order(StringComparer.Ordinal).ToList();

    /// <summary>A principal for a user who is not the one signed in, to ask the checker what they hold.</summary>
    private ClaimsPrincipal PrincipalOf(int userId) =>
        new(new ClaimsIdentity([new Claim(identityOptions.Value.ClaimsIdentity.UserIdClaimType, userId.ToString(System.Globalization.CultureInfo.InvariantCulture))], "access-request"));

    private static string Describe(AccessRequest request) => Describe(request.User.UserName!, request.Group.Name!);

    private static string Describe(string userName, string groupName) => $"{userName} → {groupName}";

    private static List<string> Split(string permissions) =>
        permissions.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

    private static string List(IEnumerable<string> permissions) => permissions.Any() ? string.Join(", ", permissions) : "-";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Comment(string? comment)
    {
        comment = Blank(comment);
        if (PlainText.HasControlCharacters(comment, multiline: true))
        {
            throw new AdministrationException(PlainText.ControlCharactersMessage(Messages.Get("comment")), "Comment");
        }
        if (comment?.Length > AccessRequest.MaxCommentLength)
        {
            throw new AdministrationException(Messages.Format("Keep it under {0} characters.", AccessRequest.MaxCommentLength + 1), "Comment");
        }
        return comment;
    }

    /// <summary>A duration as pages and the audit trail show it: "8h", "7d", or "for good".</summary>
    public static string DurationText(TimeSpan? duration) => duration is { } d ? ShortDuration.Format(d) : Messages.Get("for good");

    public static string StatusText(AccessRequestStatus status) => status switch
    {
        AccessRequestStatus.Pending => Messages.Get("pending"),
        AccessRequestStatus.Approved => Messages.Get("approved"),
        AccessRequestStatus.Denied => Messages.Get("denied"),
        AccessRequestStatus.Withdrawn => Messages.Get("withdrawn"),
        _ => Messages.Get("expired"),
    };

    private static AdministrationNotFoundException NotFound(int requestId) =>
        new(Messages.Format("No access request with id {0}.", requestId));

    private static ConcurrencyConflictException AlreadyPending(string groupName) =>
        new(Messages.Format("You already have a pending request for the group '{0}'.", groupName));
}
