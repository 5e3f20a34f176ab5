global using TorchSharp;
global using Cortex.Web.Contracts;
