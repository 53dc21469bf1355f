namespace BlazorSessionDemo.Components.Pages.Playground;

/// <summary>One input of a playground form: its posted name, a label, a hint, and the value to show.</summary>
public sealed record PlaygroundField(string Name, string Label, string Placeholder, string Value = "");
