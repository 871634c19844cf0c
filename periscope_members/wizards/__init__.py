from . import periscope_membership_renewal
from . import periscope_key_figure_report
from . import periscope_assembly_vote
from . import periscope_staff_loan_declare
