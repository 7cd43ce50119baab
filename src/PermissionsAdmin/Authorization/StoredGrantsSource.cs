namespace PermissionsAdmin.Authorization;

/// <summary>The built-in source: the user's direct grants and those of their groups.</summary>
internal sealed class StoredGrantsSource : IPermissionSource
{
    public int Order => 0;

    public ValueTask<PermissionVote> VoteAsync(PermissionSubject subject, string permission, CancellationToken cancellationToken) =>
        ValueTask.FromResult(subject.UserPermissions.Contains(permission) || subject.GroupPermissions.Contains(permission)
            ? PermissionVote.Allow
            : PermissionVote.Abstain);
}
