namespace BlazorSessionDemo.E2E;

/// <summary>All browser tests share one app server and one browser; xunit runs the collection's tests one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<AppServerFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "E2E";
}
