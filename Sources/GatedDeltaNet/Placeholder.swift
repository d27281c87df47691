public enum GatedDeltaNetPlaceholder {}
