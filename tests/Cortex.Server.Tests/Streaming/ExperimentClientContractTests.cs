using System.Reflection;
using System.Runtime.CompilerServices;
using Cortex.Server.Streaming;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR;

namespace Cortex.Server.Tests.Streaming;

/// <summary>The typed hub's contract: every kind of live message has its own client method, named on the wire as the message says.</summary>
public sealed class ExperimentClientContractTests
{
    static readonly IReadOnlyList<Type> MessageKinds = typeof(ExperimentMessage).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(ExperimentMessage)) && !t.IsAbstract).ToList();

    [Fact]
    public void Each_message_is_sent_through_the_client_method_named_as_its_kind()
    {
        Assert.NotEmpty(MessageKinds);
        foreach (var kind in MessageKinds)
        {
            var message = (ExperimentMessage)RuntimeHelpers.GetUninitializedObject(kind);
            var client = new RecordingClient();

            message.SendTo(client);

            var method = Assert.Single(client.Called);
            Assert.Equal(kind, method.GetParameters().Single().ParameterType);
            Assert.Equal(message.Kind, method.GetCustomAttribute<HubMethodNameAttribute>()!.Name);
        }
    }

    [Fact]
    public void The_client_interface_has_a_method_for_each_kind_and_no_two_share_a_wire_name()
    {
        var methods = typeof(IExperimentClient).GetMethods();
        Assert.Equal(MessageKinds.OrderBy(t => t.Name), methods.Select(m => m.GetParameters().Single().ParameterType).OrderBy(t => t.Name));
        Assert.Equal(methods.Length, methods.Select(m => m.GetCustomAttribute<HubMethodNameAttribute>()!.Name).Distinct().Count());
    }

    [Fact]
    public void The_hub_serves_the_calls_the_contract_names()
    {
        Assert.True(typeof(IExperimentHub).IsAssignableFrom(typeof(ExperimentHub)));
        Assert.True(typeof(Hub<IExperimentClient>).IsAssignableFrom(typeof(ExperimentHub)));
        Assert.Equal([ExperimentHubNames.Join, ExperimentHubNames.Leave], typeof(IExperimentHub).GetMethods().Select(m => m.Name).Order());
    }

    /// <summary>Records which method of the contract a message called.</summary>
    sealed class RecordingClient : IExperimentClient
    {
        public List<MethodInfo> Called { get; } = [];

        Task Record(string name)
        {
            Called.Add(typeof(IExperimentClient).GetMethod(name)!);
            return Task.CompletedTask;
        }

        public Task Status(StatusMessage message) => Record(nameof(Status));
        public Task Progress(ProgressMessage message) => Record(nameof(Progress));
        public Task Frame(FrameMessage message) => Record(nameof(Frame));
        public Task History(HistoryMessage message) => Record(nameof(History));
        public Task Saliency(SaliencyMessage message) => Record(nameof(Saliency));
        public Task Log(LogMessage message) => Record(nameof(Log));
        public Task Annotation(AnnotationMessage message) => Record(nameof(Annotation));
    }
}
