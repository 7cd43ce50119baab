using Microsoft.EntityFrameworkCore;

namespace PermissionsAdmin.Web.Blog;

/// <summary>Where a page sits among its siblings; what the pager partial needs.</summary>
public sealed record Pagination(int Page, int TotalPages)
{
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < TotalPages;
}

/// <summary>One page of an ordered query, read by <see cref="PagedList.ReadAsync{T}"/>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, Pagination Pagination);

/// <summary>Reads a <see cref="PagedList{T}"/>, its item type inferred from the query.</summary>
public static class PagedList
{
    /// <summary>Reads page <paramref name="page"/>, clamped to the pages that exist (an empty list has one page).</summary>
    public static async Task<PagedList<T>> ReadAsync<T>(
        IQueryable<T> ordered, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var count = await ordered.CountAsync(cancellationToken);
        var totalPages = Math.Max(1, (count + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, totalPages);
        var items = await ordered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedList<T>(items, new Pagination(page, totalPages));
    }
}
