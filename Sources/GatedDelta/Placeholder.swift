public enum GatedDeltaPlaceholder {}
